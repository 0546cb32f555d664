import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useEffect, useRef } from "react";
import { Link, useSearchParams } from "react-router";
import { activityKinds, type ActivityKind } from "@invite/schemas";
import { FilterLinks } from "../../components/filter-links.tsx";
import { LoadError } from "../../components/load-error.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { LoadMoreButton, StaleListWarning } from "../../components/paged-list.tsx";
import { buttonClassName } from "../../components/ui/button.tsx";
import { cx } from "../../components/ui/cx.ts";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Skeleton } from "../../components/ui/spinner.tsx";
import { formatDateTime, formatRelative, useNow } from "../../lib/time.ts";
import { trpc } from "../../trpc.ts";

type ActivityEvent = inferOutput<typeof trpc.activity.list>["items"][number];

const kindLabels: Record<ActivityKind, string> = {
  invitations: "Invitations",
  members: "Members",
  "sign-ins": "Sign-ins",
  accounts: "Accounts",
  settings: "Settings",
};

/** "No … in the last year": what an empty filter found none of. */
const kindNouns: Record<ActivityKind, string> = {
  invitations: "invitation events",
  members: "member changes",
  "sign-ins": "sign-ins",
  accounts: "account changes",
  settings: "settings changes",
};

function parseKind(value: string | null): ActivityKind | undefined {
  return activityKinds.find((kind) => kind === value);
}

/** A link to this page with `changes` applied to the current filters (undefined removes one). */
function filterLink(params: URLSearchParams, changes: Record<string, string | undefined>) {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return { search: next.size ? `?${next}` : "" };
}

/**
 * `/admin/activity`: the audit trail, newest first: who did what, when and from where. One
 * kind of event (`?kind=`) and one person's doing (`?actor=`, by clicking a name) in the URL.
 */
export default function ActivityPage() {
  const [params] = useSearchParams();
  const kind = parseKind(params.get("kind"));
  const actorId = params.get("actor") || undefined;
  const list = useInfiniteQuery({
    ...trpc.activity.list.infiniteQueryOptions(
      { kind, actorId, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    // Changing a filter keeps the current rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });
  const events = list.data?.pages.flatMap((page) => page.items) ?? [];
  const person = list.data?.pages[0]?.person;
  const filtered = Boolean(kind || actorId);
  // The clicked name (or "Everyone") goes away with the change: focus goes to what replaced it.
  const personRef = useRef<HTMLParagraphElement>(null);
  const feedRef = useRef<HTMLDivElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (refocus.current) (actorId ? personRef : feedRef).current?.focus();
    refocus.current = false;
  }, [actorId]);
  const keepFocus = () => (refocus.current = true);

  return (
    <>
      <title>Activity · Invitations</title>
      <PageHeader title="Activity" description="Everything that changed, and every sign-in: who, what, when and from where." />
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center sm:justify-between">
        <KindFilters params={params} kind={kind} />
        {actorId && (
          <p ref={personRef} tabIndex={-1} className="flex min-w-0 items-center gap-2 text-sm text-gray-700 focus:outline-none">
            <span className="min-w-0 truncate">
              Only{" "}
              <span className="font-medium text-gray-900">{person ? person.name : "a removed member"}</span>
              {person && <span className="text-gray-500"> ({person.email})</span>}
            </span>
            <Link
              to={filterLink(params, { actor: undefined })}
              onClick={keepFocus}
              className="shrink-0 rounded-md px-2 py-1 font-medium text-accent-700 hover:bg-accent-50 focus-visible:outline-2 focus-visible:outline-accent-600"
            >
              Everyone
            </Link>
          </p>
        )}
      </div>
      {list.isPending ? (
        <div className="space-y-3 rounded-xl border border-gray-200 bg-white p-4" aria-busy="true" aria-label="Loading activity">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-9 w-full" />
          ))}
        </div>
      ) : list.isError && !list.data ? (
        <LoadError title="We couldn't load the activity" query={list} />
      ) : events.length === 0 ? (
        filtered ? (
          <EmptyState
            className="bg-white"
            title="Nothing matches"
            description={`No ${kind ? kindNouns[kind] : "events"}${actorId ? " by this person" : ""} in the last year.`}
            action={
              <Link to={{ search: "" }} className={buttonClassName({ variant: "secondary", size: "sm" })}>
                Show all activity
              </Link>
            }
          />
        ) : (
          <EmptyState className="bg-white" title="Nothing yet" description="Invitations, sign-ins and changes will show up here." />
        )
      ) : (
        <div
          ref={feedRef}
          tabIndex={-1}
          aria-busy={list.isPlaceholderData}
          className={cx("transition-opacity focus:outline-none", list.isPlaceholderData && "opacity-60")}
        >
          <StaleListWarning query={list} />
          <ActivityFeed events={events} params={params} linkActors={!actorId} onPick={keepFocus} />
          <div className="mt-4 flex justify-center">
            <LoadMoreButton query={list} label="Show older" />
          </div>
        </div>
      )}
    </>
  );
}

/** All · Invitations · Members · …, keeping the person filter. */
function KindFilters({ params, kind }: { params: URLSearchParams; kind: ActivityKind | undefined }) {
  const options = [{ value: undefined, label: "All" }, ...activityKinds.map((value) => ({ value, label: kindLabels[value] }))];
  const links = options.map((option) => ({
    label: option.label,
    to: filterLink(params, { kind: option.value }),
    current: option.value === kind,
  }));
  return <FilterLinks label="Filter by kind" links={links} />;
}

function ActivityFeed({
  events,
  params,
  linkActors,
  onPick,
}: {
  events: ActivityEvent[];
  params: URLSearchParams;
  linkActors: boolean;
  onPick: () => void;
}) {
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
          <p className="min-w-0 flex-1 text-sm text-pretty [overflow-wrap:anywhere] text-gray-700">
            {event.actor && linkActors ? (
              <Link
                to={filterLink(params, { actor: event.actor.id })}
                onClick={onPick}
                title={`Only ${event.actor.name}'s activity (${event.actor.email})`}
                className="font-medium text-gray-900 underline decoration-gray-300 underline-offset-2 hover:decoration-gray-900 focus-visible:outline-2 focus-visible:outline-accent-600"
              >
                {event.actor.name}
                <span className="sr-only">: show only their activity</span>
              </Link>
            ) : (
              <span className="font-medium text-gray-900" title={event.actor?.email}>
                {actorName(event)}
              </span>
            )}{" "}
            {event.summary}
          </p>
          <p className="shrink-0 text-right text-xs whitespace-nowrap text-gray-500">
            <time dateTime={event.createdAt.toISOString()} title={formatDateTime(event.createdAt)}>
              {formatRelative(event.createdAt, now)}
            </time>
            {event.ip && (
              <span className="block font-mono" title="The address the request came from">
                <span className="font-sans">from </span>
                {event.ip}
              </span>
            )}
          </p>
        </li>
      ))}
    </ol>
  );
}

/** Events keep no actor when nobody was signed in (a refused sign-in) or the account is gone. */
function actorName(event: ActivityEvent): string {
  if (event.actor) return event.actor.name;
  // Nobody was signed in: a refused provider sign-in, or a sign-up that found an invitation waiting.
  return event.action === "auth.oauth_refused" || event.action === "invitation.sign_up_reminder" ? "Someone" : "A removed member";
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
