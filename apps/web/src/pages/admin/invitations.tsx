import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import { InviteDialog, type InviteDraft } from "../../components/invitations/invite-dialog.tsx";
import { InvitationList, InvitationListSkeleton } from "../../components/invitations/invitation-list.tsx";
import type { Invitation } from "../../components/invitations/invite-types.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { SearchBox } from "../../components/search-box.tsx";
import { Button, buttonClassName } from "../../components/ui/button.tsx";
import { cx } from "../../components/ui/cx.ts";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { FilterLinks } from "../../components/filter-links.tsx";
import { useNow } from "../../lib/time.ts";
import { INVITATIONS_CSV_PATH } from "@invite/schemas";
import { trpc } from "../../trpc.ts";
import { LoadError } from "../../components/load-error.tsx";
import { LoadMoreButton, StaleListWarning } from "../../components/paged-list.tsx";

const PAGE_SIZE = 25;
/** While an email is queued, poll this often so the admin sees it go out. */
const DELIVERY_POLL_MS = 2_000;

const filters = [
  { value: undefined, label: "All" },
  { value: "PENDING", label: "Pending" },
  { value: "ACCEPTED", label: "Accepted" },
  { value: "EXPIRED", label: "Expired" },
  { value: "REVOKED", label: "Revoked" },
] as const;

type StatusFilter = (typeof filters)[number]["value"];

function parseStatus(value: string | null): StatusFilter {
  return filters.find((filter) => filter.value?.toLowerCase() === value?.toLowerCase())?.value;
}

/** `/admin`: invite people and follow each invitation. Filters and search live in the URL. */
export default function InvitationsPage() {
  const [params, setParams] = useSearchParams();
  const status = parseStatus(params.get("status"));
  const search = params.get("q") ?? "";
  const [dialog, setDialog] = useState<{ open: boolean; draft?: InviteDraft | undefined }>({ open: false });
  const openInvite = (draft?: InviteDraft) => setDialog({ open: true, draft });

  const list = useInfiniteQuery({
    ...trpc.invitation.list.infiniteQueryOptions(
      { status, search: search.trim() || undefined, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    // Typing a search keeps the current rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (hasQueued(query.state.data?.pages) ? DELIVERY_POLL_MS : false),
  });
  const invitations = list.data?.pages.flatMap((page) => page.items) ?? [];
  const watching = hasQueued(list.data?.pages);
  const filtered = Boolean(status || search.trim());

  function setFilter(key: "status" | "q", value: string | undefined) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: key === "q" },
    );
  }

  return (
    <>
      <title>Manage invitations · Invitations</title>
      <PageHeader
        title="Invitations"
        description="Invite people by email and follow each invitation from sent to accepted."
        actions={
          <>
            {/* A plain download: the server streams the file with the session cookie; the list's filters go along. */}
            <a href={csvHref(status, search.trim())} download className={buttonClassName({ variant: "secondary" })}>
              Export CSV
            </a>
            <Button onClick={() => openInvite()} data-invite-button>
              <PlusIcon />
              Invite people
            </Button>
          </>
        }
      />

      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <StatusFilters status={status} search={search} />
        <SearchBox
          id="invitation-search"
          label="Search by email"
          inputMode="email"
          value={search}
          onChange={(value) => setFilter("q", value || undefined)}
        />
      </div>

      {list.isPending ? (
        <InvitationListSkeleton />
      ) : list.isError && !list.data ? (
        <LoadError title="We couldn't load the invitations" query={list} />
      ) : invitations.length === 0 ? (
        <NoInvitations
          status={status}
          search={search.trim()}
          onInvite={() => openInvite(search.includes("@") ? { emails: search.trim() } : undefined)}
          onClear={() => setParams(new URLSearchParams(), { replace: true })}
        />
      ) : (
        <div className={cx("transition-opacity", list.isPlaceholderData && "opacity-60")} aria-busy={list.isPlaceholderData}>
          <StaleListWarning query={list} />
          <ListBody invitations={invitations} onInviteAgain={(invitation) => openInvite({ emails: invitation.email, role: invitation.role, name: invitation.name })} />
          <div className="mt-4 flex flex-col items-center gap-3 sm:flex-row sm:justify-between">
            <p className="flex items-center gap-2 text-sm text-gray-600" role="status">
              Showing {invitations.length} {invitations.length === 1 ? "invitation" : "invitations"}
              {filtered && " that match"}
              {watching && (
                <span className="inline-flex items-center gap-1.5 text-accent-700">
                  <span aria-hidden="true" className="size-1.5 animate-pulse rounded-full bg-accent-500" />
                  Updating while emails are queued
                </span>
              )}
            </p>
            <LoadMoreButton query={list} />
          </div>
        </div>
      )}

      <InviteDialog open={dialog.open} draft={dialog.draft} onOpenChange={(open) => setDialog((d) => ({ ...d, open }))} />
    </>
  );
}

function ListBody({ invitations, onInviteAgain }: { invitations: Invitation[]; onInviteAgain: (invitation: Invitation) => void }) {
  const now = useNow();
  return <InvitationList invitations={invitations} now={now} onInviteAgain={onInviteAgain} />;
}

/** The CSV export of what the list shows: the same status filter and search. */
function csvHref(status: StatusFilter, search: string): string {
  const query = new URLSearchParams();
  if (status) query.set("status", status);
  if (search) query.set("search", search);
  return query.size ? `${INVITATIONS_CSV_PATH}?${query}` : INVITATIONS_CSV_PATH;
}

function hasQueued(pages: Array<{ items: Invitation[] }> | undefined): boolean {
  return Boolean(pages?.some((page) => page.items.some((item) => item.delivery?.status === "QUEUED")));
}

/** All · Pending · Accepted · Expired · Revoked, keeping the search. */
function StatusFilters({ status, search }: { status: StatusFilter; search: string }) {
  const links = filters.map((filter) => {
    const query = new URLSearchParams();
    if (filter.value) query.set("status", filter.value.toLowerCase());
    if (search) query.set("q", search);
    return { label: filter.label, to: { search: query.size ? `?${query}` : "" }, current: filter.value === status };
  });
  return <FilterLinks label="Filter by status" links={links} />;
}

function NoInvitations({
  status,
  search,
  onInvite,
  onClear,
}: {
  status: StatusFilter;
  search: string;
  onInvite: () => void;
  onClear: () => void;
}) {
  const label = filters.find((filter) => filter.value === status)?.label.toLowerCase();
  let title: ReactNode;
  let description: ReactNode;
  let action: ReactNode;
  if (search) {
    title = `No ${status ? `${label} ` : ""}invitations match “${search}”`;
    description = "Search looks for any part of the email address.";
    action = (
      <div className="flex flex-wrap justify-center gap-2">
        <Button variant="secondary" onClick={onClear}>
          Clear search
        </Button>
        {search.includes("@") && <Button onClick={onInvite}>Invite {search}</Button>}
      </div>
    );
  } else if (status) {
    title = `No ${label} invitations`;
    description =
      status === "PENDING"
        ? "Everyone you invited has answered, or their links have expired."
        : status === "ACCEPTED"
          ? "Nobody has accepted an invitation yet."
          : status === "EXPIRED"
            ? "No invitation has run out before being accepted."
            : "You haven't revoked any invitations.";
    action = (
      <Button variant="secondary" onClick={onClear}>
        Show all invitations
      </Button>
    );
  } else {
    title = "No invitations yet";
    description = "Invite people by email. They'll get a link to create their account, and you'll see here when they accept.";
    action = (
      <Button onClick={onInvite}>
        <PlusIcon />
        Invite people
      </Button>
    );
  }
  return (
    <EmptyState
      title={title}
      description={description}
      action={action}
      className="bg-white"
      icon={
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-6">
          <path
            strokeLinecap="round"
            strokeLinejoin="round"
            d="M21.75 6.75v10.5a2.25 2.25 0 0 1-2.25 2.25h-15a2.25 2.25 0 0 1-2.25-2.25V6.75m19.5 0A2.25 2.25 0 0 0 19.5 4.5h-15a2.25 2.25 0 0 0-2.25 2.25m19.5 0v.243a2.25 2.25 0 0 1-1.07 1.916l-7.5 4.615a2.25 2.25 0 0 1-2.36 0L3.32 8.91a2.25 2.25 0 0 1-1.07-1.916V6.75"
          />
        </svg>
      }
    />
  );
}

function PlusIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="-ml-0.5 size-4">
      <path d="M10.75 4.75a.75.75 0 0 0-1.5 0v4.5h-4.5a.75.75 0 0 0 0 1.5h4.5v4.5a.75.75 0 0 0 1.5 0v-4.5h4.5a.75.75 0 0 0 0-1.5h-4.5v-4.5Z" />
    </svg>
  );
}
