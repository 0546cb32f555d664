import { useMutation } from "@tanstack/react-query";
import { DropdownMenu } from "radix-ui";
import { useRef, useState, type ReactNode } from "react";
import { ConfirmDialog } from "../ui/alert-dialog.tsx";
import { Alert } from "../ui/alert.tsx";
import { Button } from "../ui/button.tsx";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "../ui/dialog.tsx";
import { dangerItemClassName, MenuIcon, menuItemClassName, MenuSeparator, RowMenu } from "../ui/row-menu.tsx";
import { toast } from "../ui/toaster.tsx";
import { getErrorMessage, getErrorReason } from "../../lib/errors.ts";
import { formatDateTime } from "../../lib/time.ts";
import { queryClient, trpc } from "../../trpc.ts";
import { copyText, CopyField } from "./copy-field.tsx";
import type { Invitation } from "./invite-types.ts";
import { recallLink, rememberLink } from "./link-memory.ts";

type Props = {
  invitation: Invitation;
  /** Re-invite a revoked address: opens the invite form with it filled in. */
  onInviteAgain: (invitation: Invitation) => void;
  className?: string;
};

function refreshList() {
  return queryClient.invalidateQueries(trpc.invitation.pathFilter());
}

/** Resend, get a link to copy, revoke: a menu per row, with a confirmation wherever a link dies. */
export function InvitationActions({ invitation, onInviteAgain, className }: Props) {
  const [dialog, setDialog] = useState<"resend" | "revoke" | "link" | null>(null);
  // The dialogs open from the menu, which is gone when they close: focus returns to its button.
  const trigger = useRef<HTMLButtonElement>(null);
  const closeDialog = () => {
    setDialog(null);
    setTimeout(() => trigger.current?.focus());
  };
  const open = invitation.status === "PENDING" || invitation.status === "EXPIRED";

  const setReminder = useMutation(
    trpc.invitation.setReminder.mutationOptions({
      onSuccess: (updated) =>
        toast.success(updated.sendReminder ? `A reminder will go to ${updated.email}` : `No reminder will go to ${updated.email}`, {
          description: updated.sendReminder ? "Shortly before the invitation expires, with the same link." : undefined,
        }),
      onError: (error) => toast.error(actionError(error, invitation)),
      onSettled: refreshList,
    }),
  );

  if (invitation.status === "ACCEPTED") return null;
  const revoked = invitation.status === "REVOKED";

  return (
    <>
      <RowMenu label={`Actions for ${invitation.email}`} triggerRef={trigger} {...(className ? { className } : {})}>
        {revoked ? (
          <DropdownMenu.Item className={menuItemClassName} onSelect={() => onInviteAgain(invitation)}>
            <MenuIcon d="M10.75 4.75a.75.75 0 0 0-1.5 0v4.5h-4.5a.75.75 0 0 0 0 1.5h4.5v4.5a.75.75 0 0 0 1.5 0v-4.5h4.5a.75.75 0 0 0 0-1.5h-4.5v-4.5Z" />
            <span>
              Invite again…
              <span className="block text-xs text-gray-500">A new invitation, with a new link</span>
            </span>
          </DropdownMenu.Item>
        ) : (
          <>
            <DropdownMenu.Item className={menuItemClassName} onSelect={() => setDialog("resend")}>
              <MenuIcon d="M3.105 2.288a.75.75 0 0 0-.826.95l1.414 4.926A1.5 1.5 0 0 0 5.135 9.25h6.115a.75.75 0 0 1 0 1.5H5.135a1.5 1.5 0 0 0-1.442 1.086l-1.414 4.926a.75.75 0 0 0 .826.95 28.897 28.897 0 0 0 15.293-7.155.75.75 0 0 0 0-1.114A28.897 28.897 0 0 0 3.105 2.288Z" />
              <span>
                {invitation.status === "EXPIRED" ? "Renew & resend…" : "Resend email…"}
                <span className="block text-xs text-gray-500">
                  {invitation.status === "EXPIRED" ? "A new link by email" : "New link: the emailed one stops working"}
                </span>
              </span>
            </DropdownMenu.Item>
            <DropdownMenu.Item className={menuItemClassName} onSelect={() => setDialog("link")}>
              <MenuIcon d="M12.232 4.232a2.5 2.5 0 0 1 3.536 3.536l-1.225 1.224a.75.75 0 0 0 1.061 1.06l1.224-1.224a4 4 0 0 0-5.656-5.656l-3 3a4 4 0 0 0 .225 5.865.75.75 0 0 0 .977-1.138 2.5 2.5 0 0 1-.142-3.667l3-3Z M11.603 7.963a.75.75 0 0 0-.977 1.138 2.5 2.5 0 0 1 .142 3.667l-3 3a2.5 2.5 0 0 1-3.536-3.536l1.225-1.224a.75.75 0 0 0-1.061-1.06l-1.224 1.224a4 4 0 1 0 5.656 5.656l3-3a4 4 0 0 0-.225-5.865Z" />
              {/* Say what it does: unless this tab still has the current link, copying one means making a new one. */}
              {recallLink(invitation) ? (
                <span>
                  Copy invitation link
                  <span className="block text-xs text-gray-500">The link from the latest email</span>
                </span>
              ) : (
                <span>
                  New link to copy…
                  <span className="block text-xs text-gray-500">The emailed one stops working</span>
                </span>
              )}
            </DropdownMenu.Item>
          </>
        )}
        {invitation.status === "PENDING" && (
          <DropdownMenu.Item
            className={menuItemClassName}
            disabled={setReminder.isPending}
            onSelect={() => setReminder.mutate({ id: invitation.id, enabled: !invitation.sendReminder })}
          >
            <MenuIcon d={invitation.sendReminder ? BELL_OFF : BELL} />
            {invitation.sendReminder ? (
              <span>
                Don’t send a reminder
                <span className="block text-xs text-gray-500">No email before the invitation expires</span>
              </span>
            ) : (
              <span>
                Send a reminder
                <span className="block text-xs text-gray-500">One email before it expires, same link</span>
              </span>
            )}
          </DropdownMenu.Item>
        )}
        {open && (
          <>
            <MenuSeparator />
            <DropdownMenu.Item className={dangerItemClassName} onSelect={() => setDialog("revoke")}>
              <MenuIcon
                className="text-red-600"
                d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16ZM8.28 7.22a.75.75 0 0 0-1.06 1.06L8.94 10l-1.72 1.72a.75.75 0 1 0 1.06 1.06L10 11.06l1.72 1.72a.75.75 0 1 0 1.06-1.06L11.06 10l1.72-1.72a.75.75 0 0 0-1.06-1.06L10 8.94 8.28 7.22Z"
              />
              Revoke invitation…
            </DropdownMenu.Item>
          </>
        )}
      </RowMenu>
      <ResendDialog invitation={invitation} open={dialog === "resend"} onOpenChange={(o) => (o ? setDialog("resend") : closeDialog())} />
      <RevokeDialog invitation={invitation} open={dialog === "revoke"} onOpenChange={(o) => (o ? setDialog("revoke") : closeDialog())} />
      {dialog === "link" && <CopyLinkDialog invitation={invitation} onClose={closeDialog} />}
    </>
  );
}

/** Heroicons 20 solid: bell, and bell-slash. */
const BELL =
  "M10 2a6 6 0 0 0-6 6c0 1.887-.454 3.665-1.257 5.234a.75.75 0 0 0 .515 1.076 32.91 32.91 0 0 0 3.256.508 3.5 3.5 0 0 0 6.972 0 32.903 32.903 0 0 0 3.256-.508.75.75 0 0 0 .515-1.076A11.448 11.448 0 0 1 16 8a6 6 0 0 0-6-6ZM8.05 14.943a33.54 33.54 0 0 0 3.9 0 2 2 0 0 1-3.9 0Z";
const BELL_OFF =
  "M4 8c0-.26.017-.517.049-.77l7.722 7.723a33.56 33.56 0 0 1-3.722-.01 2 2 0 0 0 3.862.15l1.134 1.134a3.5 3.5 0 0 1-6.53-1.409 32.91 32.91 0 0 1-3.257-.508.75.75 0 0 1-.515-1.076A11.448 11.448 0 0 0 4 8ZM17.266 13.9a.756.756 0 0 1-.068.116L6.389 3.207A6 6 0 0 1 16 8c.001 1.887.455 3.665 1.258 5.234a.75.75 0 0 1 .008.666ZM3.28 2.22a.75.75 0 0 0-1.06 1.06l14.5 14.5a.75.75 0 1 0 1.06-1.06L3.28 2.22Z";

function actionError(error: unknown, invitation: Invitation): string {
  switch (getErrorReason(error)) {
    case "INVITATION_USED":
      return `${invitation.email} has already accepted this invitation.`;
    case "INVITATION_REVOKED":
      return `This invitation was revoked. Invite ${invitation.email} again instead.`;
    case "NOT_FOUND":
      return "This invitation no longer exists.";
    default:
      return getErrorMessage(error);
  }
}

/** A new email with a new link: said before, since the link they already have stops working. */
function ResendDialog({
  invitation,
  open,
  onOpenChange,
}: {
  invitation: Invitation;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const resend = useMutation(
    trpc.invitation.resend.mutationOptions({
      onSuccess: ({ invitation: updated, inviteUrl }) => {
        rememberLink(updated, inviteUrl);
        onOpenChange(false);
        toast.success(`New link sent to ${updated.email}`, {
          description: "The old link no longer works.",
          action: { label: "Copy link", onClick: () => void copyText(inviteUrl).then((ok) => ok && toast.success("Link copied")) },
        });
      },
      onSettled: refreshList,
    }),
  );
  const expired = invitation.status === "EXPIRED";
  const who = <strong className="font-medium text-gray-900">{invitation.email}</strong>;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) resend.reset();
      }}
      pending={resend.isPending}
      title={expired ? "Renew and resend this invitation?" : "Send a new link?"}
      description={
        expired ? (
          <>{who} gets a new email with a new link. The expired one stays dead.</>
        ) : (
          <>
            {who} gets a new email with a new link.{" "}
            <strong className="font-medium text-gray-900">The link in the email they already have stops working.</strong>
          </>
        )
      }
      confirmLabel={expired ? "Renew & send" : "Send new link"}
      onConfirm={() => resend.mutate({ id: invitation.id })}
    >
      {resend.error && (
        <Alert tone="error" role="alert">
          {actionError(resend.error, invitation)}
        </Alert>
      )}
    </ConfirmDialog>
  );
}

function RevokeDialog({
  invitation,
  open,
  onOpenChange,
}: {
  invitation: Invitation;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const revoke = useMutation(
    trpc.invitation.revoke.mutationOptions({
      onSuccess: (revoked) => {
        onOpenChange(false);
        toast.success(`Invitation to ${revoked.email} revoked`, { description: "Its link no longer works." });
      },
      onSettled: refreshList,
    }),
  );
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) revoke.reset();
      }}
      destructive
      pending={revoke.isPending}
      title="Revoke this invitation?"
      description={
        <>
          The link sent to <strong className="font-medium text-gray-900">{invitation.email}</strong> stops working
          right away. They'll see that the invitation was withdrawn. You can invite them again later.
        </>
      }
      confirmLabel="Revoke invitation"
      onConfirm={() => revoke.mutate({ id: invitation.id })}
    >
      {revoke.error && (
        <Alert tone="error" role="alert">
          {actionError(revoke.error, invitation)}
        </Alert>
      )}
    </ConfirmDialog>
  );
}

/**
 * The server keeps only a hash of each link, so "copy the link" means either the one this
 * tab saw when it sent it (copied at once), or a new one: that replaces the emailed link,
 * so we say so before doing it.
 */
function CopyLinkDialog({ invitation, onClose }: { invitation: Invitation; onClose: () => void }) {
  const remembered = recallLink(invitation);
  const [result, setResult] = useState<{ url: string; invitation: Invitation } | null>(
    remembered ? { url: remembered, invitation } : null,
  );
  const resend = useMutation(
    trpc.invitation.resend.mutationOptions({
      onSuccess: ({ invitation: updated, inviteUrl }) => {
        rememberLink(updated, inviteUrl);
        setResult({ url: inviteUrl, invitation: updated });
      },
      onSettled: refreshList,
    }),
  );

  let body: ReactNode;
  if (result) {
    body = (
      <>
        <CopyField
          label="Invitation link"
          value={result.url}
          copyOnMount
          hint={
            <>
              {remembered && !resend.data ? "The link from this invitation's latest email. " : "Also emailed to them. "}
              It works once and expires on {formatDateTime(result.invitation.expiresAt)}. Share it only with{" "}
              {invitation.email}: whoever opens it can create the account.
            </>
          }
        />
        <DialogFooter>
          <DialogClose asChild>
            <Button>Done</Button>
          </DialogClose>
        </DialogFooter>
      </>
    );
  } else {
    body = (
      <>
        <div className="space-y-3 text-sm text-gray-700">
          <p>
            For safety, links are stored only as a fingerprint, so the one emailed to{" "}
            <strong className="font-medium text-gray-900">{invitation.email}</strong> can't be shown again.
          </p>
          <p>
            We'll create a new link for you to copy and email it to them too.{" "}
            <strong className="font-medium text-gray-900">The earlier link will stop working.</strong>
          </p>
        </div>
        {resend.error && (
          <Alert tone="error" role="alert" className="mt-4">
            {actionError(resend.error, invitation)}
          </Alert>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary" disabled={resend.isPending}>
              Cancel
            </Button>
          </DialogClose>
          <Button loading={resend.isPending} onClick={() => resend.mutate({ id: invitation.id })}>
            Create new link
          </Button>
        </DialogFooter>
      </>
    );
  }

  return (
    <Dialog open onOpenChange={(open) => !open && !resend.isPending && onClose()}>
      <DialogContent
        title={result ? `Invitation link for ${invitation.email}` : "Create a new link to copy?"}
        description={result ? undefined : "Useful when the email didn't arrive, or to share the link another way."}
      >
        {body}
      </DialogContent>
    </Dialog>
  );
}
