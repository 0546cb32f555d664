import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { RoleBadge } from "../../components/invitations/status.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { SearchBox } from "../../components/search-box.tsx";
import { ConfirmDialog } from "../../components/ui/alert-dialog.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { cx } from "../../components/ui/cx.ts";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Skeleton } from "../../components/ui/spinner.tsx";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table.tsx";
import { toast } from "../../components/ui/toaster.tsx";
import { getErrorMessage } from "../../lib/errors.ts";
import { formatDateTime, formatRelative, useNow } from "../../lib/time.ts";
import { queryClient, trpc } from "../../trpc.ts";
import { LoadError } from "../../components/load-error.tsx";
import { LoadMoreButton, StaleListWarning } from "../../components/paged-list.tsx";

type Member = inferOutput<typeof trpc.member.list>["items"][number];

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
    id === "password" ? "Password" : (providers.data?.find((provider) => provider.id === id)?.name ?? id);

  return (
    <div className="overflow-hidden rounded-xl border border-gray-200 bg-white shadow-xs">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="pl-4">Member</TableHead>
            <TableHead>Role</TableHead>
            <TableHead className="hidden md:table-cell">Signs in with</TableHead>
            <TableHead className="hidden sm:table-cell">Last active</TableHead>
            <TableHead className="hidden pr-4 text-right sm:table-cell">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {members.map((member) => (
            <TableRow key={member.id}>
              <TableCell className="max-w-56 pl-4 sm:max-w-64">
                <span className="block truncate font-medium text-gray-900">
                  {member.name}
                  {member.id === me && (
                    <Badge className="ml-2 align-middle" tone="neutral">
                      You
                    </Badge>
                  )}
                </span>
                <span className="block truncate text-sm text-gray-600">{member.email}</span>
                {/* Narrow screens: the actions go under the name, not in a column off-screen. */}
                {member.id !== me && (
                  <div className="mt-2 sm:hidden">
                    <MemberActions member={member} />
                  </div>
                )}
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
              <TableCell className="hidden pr-4 text-right sm:table-cell">
                {member.id !== me && <MemberActions member={member} />}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function refreshMembers() {
  return queryClient.invalidateQueries(trpc.member.pathFilter());
}

/**
 * Make admin / Make member, Suspend… and Remove, each confirmed: they change what someone can do
 * at once. A suspended member offers Reactivate instead, unconfirmed: it only gives access back.
 */
function MemberActions({ member }: { member: Member }) {
  const [dialog, setDialog] = useState<"role" | "suspend" | "remove" | null>(null);
  const nextRole = member.role === "ADMIN" ? "MEMBER" : "ADMIN";
  const setRole = useMutation(
    trpc.member.setRole.mutationOptions({
      onSuccess: (updated) => {
        setDialog(null);
        toast.success(`${updated.name} is now ${updated.role === "ADMIN" ? "an admin" : "a member"}`);
      },
      onSettled: refreshMembers,
    }),
  );
  const remove = useMutation(
    trpc.member.remove.mutationOptions({
      onSuccess: ({ email }) => {
        setDialog(null);
        toast.success(`Removed ${email}`, { description: "They were signed out everywhere." });
      },
      onSettled: refreshMembers,
    }),
  );
  const suspend = useMutation(
    trpc.member.suspend.mutationOptions({
      onSuccess: () => {
        setDialog(null);
        toast.success(`Suspended ${member.email}`, { description: "They were signed out everywhere." });
      },
      onSettled: refreshMembers,
    }),
  );
  const reactivate = useMutation(
    trpc.member.reactivate.mutationOptions({
      onSuccess: () => toast.success(`${member.name} can sign in again`),
      onError: (error) => toast.error(getErrorMessage(error)),
      onSettled: refreshMembers,
    }),
  );
  const close = (open: boolean) => {
    if (open) return;
    setDialog(null);
    setRole.reset();
    suspend.reset();
    remove.reset();
  };

  return (
    <div className="flex flex-wrap gap-2 sm:justify-end">
      {member.suspendedAt ? (
        <Button
          variant="secondary"
          size="sm"
          loading={reactivate.isPending}
          onClick={() => reactivate.mutate({ id: member.id })}
          aria-label={`Reactivate ${member.email}`}
        >
          Reactivate
        </Button>
      ) : (
        <>
          <Button variant="secondary" size="sm" onClick={() => setDialog("role")} aria-label={`${roleAction(nextRole)}: ${member.email}`}>
            {roleAction(nextRole)}
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setDialog("suspend")} aria-label={`Suspend ${member.email}`}>
            Suspend…
          </Button>
        </>
      )}
      <Button variant="secondary" size="sm" className="text-red-700" onClick={() => setDialog("remove")} aria-label={`Remove ${member.email}`}>
        Remove
      </Button>

      <ConfirmDialog
        open={dialog === "role"}
        onOpenChange={close}
        title={`Make ${member.name} ${nextRole === "ADMIN" ? "an admin" : "a member"}?`}
        description={
          nextRole === "ADMIN"
            ? `${member.email} will be able to invite people, manage members and change settings.`
            : `${member.email} will keep their account but can no longer invite people, manage members or change settings.`
        }
        confirmLabel={roleAction(nextRole)}
        pending={setRole.isPending}
        onConfirm={() => setRole.mutate({ id: member.id, role: nextRole })}
      >
        {setRole.error && <Alert tone="error">{getErrorMessage(setRole.error)}</Alert>}
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "suspend"}
        onOpenChange={close}
        destructive
        title={`Suspend ${member.name}?`}
        description={`${member.email} is signed out everywhere and can't sign in until an admin reactivates them. ${
          member.role === "ADMIN"
            ? "Their account and history are kept, and member invitations they sent keep working; admin invitations they sent that nobody has accepted yet are revoked."
            : "Their account, history and the invitations they sent are kept."
        }`}
        confirmLabel="Suspend member"
        pending={suspend.isPending}
        onConfirm={() => suspend.mutate({ id: member.id })}
      >
        {suspend.error && <Alert tone="error">{getErrorMessage(suspend.error)}</Alert>}
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "remove"}
        onOpenChange={close}
        destructive
        title={`Remove ${member.name}?`}
        description={`${member.email} is signed out everywhere and their account is deleted. ${
          member.role === "ADMIN"
            ? "Member invitations they sent keep working; admin invitations they sent that nobody has accepted yet are revoked."
            : "Invitations they sent keep working."
        } To let them back in, invite them again.`}
        confirmLabel="Remove member"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: member.id })}
      >
        {remove.error && <Alert tone="error">{getErrorMessage(remove.error)}</Alert>}
      </ConfirmDialog>
    </div>
  );
}

function roleAction(role: Member["role"]): string {
  return role === "ADMIN" ? "Make admin" : "Make member";
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
