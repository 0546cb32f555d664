import { useMutation } from "@tanstack/react-query";
import { DropdownMenu } from "radix-ui";
import { useRef, useState } from "react";
import { getErrorMessage } from "../../lib/errors.ts";
import { queryClient, trpc } from "../../trpc.ts";
import { copyText } from "../invitations/copy-field.tsx";
import { ConfirmDialog } from "../ui/alert-dialog.tsx";
import { Alert } from "../ui/alert.tsx";
import { cx } from "../ui/cx.ts";
import { toast } from "../ui/toaster.tsx";
import { recallLinkUrl } from "./link-memory.ts";
import type { InviteLink } from "./link-types.ts";

const itemClassName =
  "flex w-full cursor-default items-center gap-2.5 rounded-md px-2.5 py-2 text-sm text-gray-700 outline-none select-none " +
  "data-[highlighted]:bg-gray-100 data-[highlighted]:text-gray-900 data-[disabled]:opacity-60";

/** A short name for a link in labels and dialogs: "the Member link created Dec 4". */
export function linkName(link: InviteLink): string {
  const day = new Intl.DateTimeFormat("en", { month: "short", day: "numeric" }).format(link.createdAt);
  return `the ${link.role === "ADMIN" ? "Admin" : "Member"} link created ${day}`;
}

/** Copy (when this tab created the link) and revoke (while it admits people): a menu per link. */
export function LinkActions({ link, className }: { link: InviteLink; className?: string }) {
  const [revoking, setRevoking] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const url = recallLinkUrl(link.id);
  // An expired or full link admits nobody already, and never will again.
  const revocable = link.status === "ACTIVE";
  if (!revocable && !url) return null;

  return (
    <>
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger
          ref={trigger}
          className={cx(
            "grid size-8 place-items-center rounded-md text-gray-500 transition-colors hover:bg-gray-100 hover:text-gray-900 data-[state=open]:bg-gray-100",
            className,
          )}
          aria-label={`Actions for ${linkName(link)}`}
        >
          <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-5">
            <path d="M3 10a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0ZM8.5 10a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0ZM15.5 8.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Z" />
          </svg>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            collisionPadding={8}
            className="z-40 w-64 rounded-lg bg-white p-1.5 shadow-lg ring-1 ring-gray-950/10 data-[state=open]:animate-fade-in"
          >
            {url ? (
              <DropdownMenu.Item
                className={itemClassName}
                onSelect={() => void copyText(url).then((ok) => (ok ? toast.success("Link copied") : toast.error("Your browser blocked copying.")))}
              >
                <MenuIcon d={linkIcon} />
                <span>
                  Copy link
                  <span className="block text-xs text-gray-500">Kept in this tab since you created it</span>
                </span>
              </DropdownMenu.Item>
            ) : (
              <DropdownMenu.Item className={itemClassName} disabled>
                <MenuIcon d={linkIcon} />
                <span>
                  Copy link
                  <span className="block text-xs text-gray-500">Shown only when created: create a new one to share</span>
                </span>
              </DropdownMenu.Item>
            )}
            {revocable && (
              <>
                <DropdownMenu.Separator className="-mx-1.5 my-1 h-px bg-gray-100" />
                <DropdownMenu.Item
                  className={cx(itemClassName, "text-red-700 data-[highlighted]:bg-red-50 data-[highlighted]:text-red-800")}
                  onSelect={() => setRevoking(true)}
                >
                  <MenuIcon
                    className="text-red-600"
                    d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16ZM8.28 7.22a.75.75 0 0 0-1.06 1.06L8.94 10l-1.72 1.72a.75.75 0 1 0 1.06 1.06L10 11.06l1.72 1.72a.75.75 0 1 0 1.06-1.06L11.06 10l1.72-1.72a.75.75 0 0 0-1.06-1.06L10 8.94 8.28 7.22Z"
                  />
                  Revoke link…
                </DropdownMenu.Item>
              </>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <RevokeDialog
        link={link}
        open={revoking}
        onOpenChange={(open) => {
          setRevoking(open);
          // The menu is gone: focus goes back to its button.
          if (!open) setTimeout(() => trigger.current?.focus());
        }}
      />
    </>
  );
}

const linkIcon =
  "M12.232 4.232a2.5 2.5 0 0 1 3.536 3.536l-1.225 1.224a.75.75 0 0 0 1.061 1.06l1.224-1.224a4 4 0 0 0-5.656-5.656l-3 3a4 4 0 0 0 .225 5.865.75.75 0 0 0 .977-1.138 2.5 2.5 0 0 1-.142-3.667l3-3Z M11.603 7.963a.75.75 0 0 0-.977 1.138 2.5 2.5 0 0 1 .142 3.667l-3 3a2.5 2.5 0 0 1-3.536-3.536l1.225-1.224a.75.75 0 0 0-1.061-1.06l-1.224 1.224a4 4 0 1 0 5.656 5.656l3-3a4 4 0 0 0-.225-5.865Z";

function MenuIcon({ d, className }: { d: string; className?: string }) {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className={cx("mt-0.5 size-4 shrink-0 self-start text-gray-500", className)}>
      <path fillRule="evenodd" clipRule="evenodd" d={d} />
    </svg>
  );
}

function RevokeDialog({ link, open, onOpenChange }: { link: InviteLink; open: boolean; onOpenChange: (open: boolean) => void }) {
  const revoke = useMutation(
    trpc.inviteLink.revoke.mutationOptions({
      onSuccess: () => {
        onOpenChange(false);
        toast.success("Invite link revoked", { description: "Nobody can join through it any more." });
      },
      // The activity page tells of it too: a cached page of it would miss this.
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.inviteLink.list.pathFilter()),
          queryClient.invalidateQueries(trpc.activity.pathFilter()),
        ]),
    }),
  );
  const joined = link.uses === 1 ? "The person who joined through it keeps their account." : link.uses > 1 ? `The ${link.uses.toLocaleString("en")} people who joined through it keep their accounts.` : "";
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) revoke.reset();
      }}
      destructive
      pending={revoke.isPending}
      title="Revoke this invite link?"
      description={
        <>
          Nobody can join through {linkName(link)} from now on, and confirmation emails already sent through it stop
          working too. Anyone who opens it sees that it was turned off. {joined}
        </>
      }
      confirmLabel="Revoke link"
      onConfirm={() => revoke.mutate({ id: link.id })}
    >
      {revoke.error && (
        <Alert tone="error" role="alert">
          {getErrorMessage(revoke.error)}
        </Alert>
      )}
    </ConfirmDialog>
  );
}
