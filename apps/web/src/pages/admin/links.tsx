import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { CreateLinkDialog } from "../../components/invite-links/create-link-dialog.tsx";
import { InviteLinkList, InviteLinkListSkeleton } from "../../components/invite-links/link-list.tsx";
import { LoadError } from "../../components/load-error.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { LoadMoreButton, StaleListWarning } from "../../components/paged-list.tsx";
import { Button } from "../../components/ui/button.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { useNow } from "../../lib/time.ts";
import { trpc } from "../../trpc.ts";

/**
 * `/admin/links`: shareable invitation links. One link admits many people (a team channel, an
 * event), each proving their email; admins see each link's uses and who joined, and revoke it.
 */
export default function InviteLinksPage() {
  const [creating, setCreating] = useState(false);
  const now = useNow();
  const list = useInfiniteQuery(
    trpc.inviteLink.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const links = list.data?.pages.flatMap((page) => page.items) ?? [];
  const active = links.filter((link) => link.status === "ACTIVE").length;

  return (
    <>
      <title>Invite links · Invitations</title>
      <PageHeader
        title="Invite links"
        description="One link for many people: share it in a team chat or an email. Anyone who has it confirms their email and joins with the link's role."
        actions={
          <Button onClick={() => setCreating(true)} data-create-link-button>
            <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="-ml-0.5 size-4">
              <path d="M10.75 4.75a.75.75 0 0 0-1.5 0v4.5h-4.5a.75.75 0 0 0 0 1.5h4.5v4.5a.75.75 0 0 0 1.5 0v-4.5h4.5a.75.75 0 0 0 0-1.5h-4.5v-4.5Z" />
            </svg>
            Create link
          </Button>
        }
      />

      {list.isPending ? (
        <InviteLinkListSkeleton />
      ) : list.isError && !list.data ? (
        <LoadError title="We couldn't load the invite links" query={list} />
      ) : links.length === 0 ? (
        <EmptyState
          className="bg-white"
          title="No invite links yet"
          description="Create a link to share with a group. You choose the role, how long it works, how many people it admits and which email domains."
          action={<Button onClick={() => setCreating(true)}>Create link</Button>}
          icon={
            <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-6">
              <path
                strokeLinecap="round"
                strokeLinejoin="round"
                d="M13.19 8.688a4.5 4.5 0 0 1 1.242 7.244l-4.5 4.5a4.5 4.5 0 0 1-6.364-6.364l1.757-1.757m13.35-.622 1.757-1.757a4.5 4.5 0 0 0-6.364-6.364l-4.5 4.5a4.5 4.5 0 0 0 1.242 7.244"
              />
            </svg>
          }
        />
      ) : (
        <>
          <StaleListWarning query={list} />
          <InviteLinkList links={links} now={now} />
          <div className="mt-4 flex flex-col items-center gap-3 sm:flex-row sm:justify-between">
            <p className="text-sm text-gray-600" role="status">
              {links.length} {links.length === 1 ? "link" : "links"}
              {list.hasNextPage ? " shown" : ""}, {active} active
            </p>
            <LoadMoreButton query={list} />
          </div>
        </>
      )}

      <CreateLinkDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
