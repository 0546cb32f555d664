import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { RoleBadge } from "../../components/invitations/status.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { SearchBox } from "../../components/search-box.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { cx } from "../../components/ui/cx.ts";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Skeleton } from "../../components/ui/spinner.tsx";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table.tsx";
import { formatDateTime, formatRelative, useNow } from "../../lib/time.ts";
import { trpc } from "../../trpc.ts";
import { LoadError } from "../../components/load-error.tsx";
import { LoadMoreButton, StaleListWarning } from "../../components/paged-list.tsx";
import { MemberActions, type Member } from "../../components/members/member-actions.tsx";

const PAGE_SIZE = 25;

/** `/admin/members`: who has an account; change a role, suspend someone, or remove someone who has left. */
export default function MembersPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const list = useInfiniteQuery({
    ...trpc.member.list.infiniteQueryOptions(
      { search: search.trim() || undefined, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    placeholderData: keepPreviousData,
  });
  const members = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <title>Members · Invitations</title>
      <PageHeader
        title="Members"
        description="Everyone with an account. Change what they can do, suspend someone for a while, or remove someone who has left."
      />

      <div className="mb-4 flex justify-end">
        <SearchBox
          id="member-search"
          label="Search by name or email"
          value={search}
          onChange={(value) => setParams(value ? { q: value } : {}, { replace: true })}
        />
      </div>

      {list.isPending ? (
        <MembersSkeleton />
      ) : list.isError && !list.data ? (
        <LoadError title="We couldn't load the members" query={list} />
      ) : members.length === 0 ? (
        <EmptyState
          className="bg-white"
          title={`Nobody matches “${search.trim()}”`}
          description="Search looks for any part of a name or an email address."
          action={
            <Button variant="secondary" onClick={() => setParams({}, { replace: true })}>
              Clear search
            </Button>
          }
        />
      ) : (
        <div className={cx("transition-opacity", list.isPlaceholderData && "opacity-60")} aria-busy={list.isPlaceholderData}>
          <StaleListWarning query={list} />
          <MemberTable members={members} />
          <div className="mt-4 flex flex-col items-center gap-3 sm:flex-row sm:justify-between">
            <p className="text-sm text-gray-600" role="status">
              Showing {members.length} {members.length === 1 ? "member" : "members"}
              {search.trim() && " that match"}
              {!search.trim() && !list.hasNextPage && members.length === 1 && (
                <>
                  {" "}
                  · Only you so far.{" "}
                  <Link to="/admin" className="font-medium text-accent-700 hover:underline">
                    Invite people
                  </Link>
                </>
              )}
            </p>
            <LoadMoreButton query={list} />
          </div>
        </div>
      )}
    </>
  );
}

function MemberTable({ members }: { members: Member[] }) {
  const now = useNow();
  // Loaded by the route guard; nobody acts on themselves here.
  const me = useQuery(trpc.auth.me.queryOptions()).data?.id;
  const providers = useQuery(trpc.auth.providers.queryOptions());
  const methodName = (id: string) =>
    id === "password" ? "Password" : id === "passkey" ? "Passkey" : (providers.data?.find((provider) => provider.id === id)?.name ?? id);

  return (
    <div className="overflow-hidden rounded-xl border border-gray-200 bg-white shadow-xs">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="pl-4">Member</TableHead>
            <TableHead>Role</TableHead>
            <TableHead className="hidden md:table-cell">Signs in with</TableHead>
            <TableHead className="hidden sm:table-cell">Last active</TableHead>
            {/* A row menu, as on the invitations page: one narrow column at every width. */}
            <TableHead className="w-12 px-2.5 pr-3 text-right">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {members.map((member) => (
            <TableRow key={member.id}>
              {/* Narrow on phones, so the role and the row menu stay on screen. */}
              <TableCell className="max-w-40 pl-4 sm:max-w-64">
                <span className="block truncate font-medium text-gray-900">
                  {member.name}
                  {member.id === me && (
                    <Badge className="ml-2 align-middle" tone="neutral">
                      You
                    </Badge>
                  )}
                </span>
                <span className="block truncate text-sm text-gray-600">{member.email}</span>
              </TableCell>
              <TableCell>
                <div className="flex flex-wrap items-center gap-1.5">
                  <RoleBadge role={member.role} />
                  {member.suspendedAt && (
                    <Badge tone="danger" dot title={`Suspended ${formatDateTime(member.suspendedAt)}`}>
                      Suspended
                    </Badge>
                  )}
                </div>
              </TableCell>
              <TableCell className="hidden text-sm text-gray-700 md:table-cell">
                {member.signInMethods.map(methodName).join(", ") || "—"}
              </TableCell>
              <TableCell className="hidden text-sm whitespace-nowrap text-gray-700 sm:table-cell">
                {member.suspendedAt ? (
                  <span className="text-gray-500">
                    Suspended{" "}
                    <time dateTime={member.suspendedAt.toISOString()} title={formatDateTime(member.suspendedAt)}>
                      {formatRelative(member.suspendedAt, now)}
                    </time>
                  </span>
                ) : member.lastSeenAt ? (
                  <time dateTime={member.lastSeenAt.toISOString()} title={formatDateTime(member.lastSeenAt)}>
                    {formatRelative(member.lastSeenAt, now)}
                  </time>
                ) : (
                  <span className="text-gray-500">Signed out</span>
                )}
                <span className="block text-xs text-gray-500">
                  Joined <time dateTime={member.joinedAt.toISOString()}>{formatRelative(member.joinedAt, now)}</time>
                </span>
              </TableCell>
              <TableCell className="px-2.5 pr-3 text-right">
                {member.id !== me && <MemberActions member={member} />}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function MembersSkeleton() {
  return (
    <div className="space-y-3 rounded-xl border border-gray-200 bg-white p-4" aria-busy="true" aria-label="Loading members">
      {Array.from({ length: 5 }, (_, i) => (
        <Skeleton key={i} className="h-10 w-full" />
      ))}
    </div>
  );
}
