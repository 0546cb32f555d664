import { useInfiniteQuery } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { LoadError } from "../../components/load-error.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Skeleton } from "../../components/ui/spinner.tsx";
import { formatDateTime, formatRelative, useNow } from "../../lib/time.ts";
import { trpc } from "../../trpc.ts";
import { LoadMoreButton, StaleListWarning } from "../../components/paged-list.tsx";

type ActivityEvent = inferOutput<typeof trpc.activity.list>["items"][number];

/** `/admin/activity`: the audit trail, newest first: who did what, when and from where. */
export default function ActivityPage() {
  const list = useInfiniteQuery(
    trpc.activity.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const events = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <title>Activity · Invitations</title>
      <PageHeader title="Activity" description="Everything that changed, and every sign-in: who, what, when and from where." />
      {list.isPending ? (
        <div className="space-y-3 rounded-xl border border-gray-200 bg-white p-4" aria-busy="true" aria-label="Loading activity">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-9 w-full" />
          ))}
        </div>
      ) : list.isError && !list.data ? (
        <LoadError title="We couldn't load the activity" query={list} />
      ) : events.length === 0 ? (
        <EmptyState className="bg-white" title="Nothing yet" description="Invitations, sign-ins and changes will show up here." />
      ) : (
        <>
          <StaleListWarning query={list} />
          <ActivityFeed events={events} />
          <div className="mt-4 flex justify-center">
            <LoadMoreButton query={list} label="Show older" />
          </div>
        </>
      )}
    </>
  );
}

function ActivityFeed({ events }: { events: ActivityEvent[] }) {
  const now = useNow();
  return (
    <ol aria-label="Activity, newest first" className="divide-y divide-gray-100 rounded-xl border border-gray-200 bg-white shadow-xs">
      {events.map((event) => (
        <li key={event.id} className="flex items-start gap-3 px-4 py-3 sm:items-center">
          <span
            aria-hidden="true"
            className="grid size-8 shrink-0 place-items-center rounded-full bg-accent-50 text-xs font-semibold text-accent-700 ring-1 ring-accent-100"
          >
            {initials(event.actor?.name)}
          </span>
          <p className="min-w-0 flex-1 text-sm text-pretty text-gray-700">
            <span className="font-medium text-gray-900" title={event.actor?.email}>
              {event.actor?.name ?? "Someone"}
            </span>{" "}
            {event.summary}
          </p>
          <p className="shrink-0 text-right text-xs whitespace-nowrap text-gray-500">
            <time dateTime={event.createdAt.toISOString()} title={formatDateTime(event.createdAt)}>
              {formatRelative(event.createdAt, now)}
            </time>
            {event.ip && <span className="block font-mono">{event.ip}</span>}
          </p>
        </li>
      ))}
    </ol>
  );
}

function initials(name: string | undefined): string {
  if (!name) return "?";
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");
}
