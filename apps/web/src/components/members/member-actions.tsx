import { useMutation } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { DropdownMenu } from "radix-ui";
import { useRef, useState } from "react";
import { ConfirmDialog } from "../ui/alert-dialog.tsx";
import { Alert } from "../ui/alert.tsx";
import { dangerItemClassName, MenuIcon, menuItemClassName, MenuSeparator, RowMenu } from "../ui/row-menu.tsx";
import { toast } from "../ui/toaster.tsx";
import { getErrorMessage } from "../../lib/errors.ts";
import { queryClient, trpc } from "../../trpc.ts";

export type Member = inferOutput<typeof trpc.member.list>["items"][number];

function refreshMembers() {
  return queryClient.invalidateQueries(trpc.member.pathFilter());
}

/**
 * A row menu, as on the invitations page: Make admin / Make member, Suspend… and Remove…, each
 * confirmed: they change what someone can do at once. A suspended member offers Reactivate
 * instead, unconfirmed: it only gives access back.
 */
export function MemberActions({ member }: { member: Member }) {
  const [dialog, setDialog] = useState<"role" | "suspend" | "remove" | null>(null);
  // The dialogs open from the menu, which is gone when they close: focus returns to its button.
  const trigger = useRef<HTMLButtonElement>(null);
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
    setTimeout(() => trigger.current?.focus());
    setRole.reset();
    suspend.reset();
    remove.reset();
  };

  return (
    <>
      <RowMenu label={`Actions for ${member.email}`} busy={reactivate.isPending} triggerRef={trigger}>
        {member.suspendedAt ? (
          <DropdownMenu.Item className={menuItemClassName} onSelect={() => reactivate.mutate({ id: member.id })}>
            <MenuIcon d={icons.reactivate} />
            <span>
              Reactivate
              <span className="block text-xs text-gray-500">They can sign in again</span>
            </span>
          </DropdownMenu.Item>
        ) : (
          <>
            <DropdownMenu.Item className={menuItemClassName} onSelect={() => setDialog("role")}>
              <MenuIcon d={icons.role} />
              <span>
                {roleAction(nextRole)}…
                <span className="block text-xs text-gray-500">
                  {nextRole === "ADMIN" ? "Can invite people and change settings" : "No longer an admin"}
                </span>
              </span>
            </DropdownMenu.Item>
            <DropdownMenu.Item className={menuItemClassName} onSelect={() => setDialog("suspend")}>
              <MenuIcon d={icons.suspend} />
              <span>
                Suspend…
                <span className="block text-xs text-gray-500">Signed out until reactivated</span>
              </span>
            </DropdownMenu.Item>
          </>
        )}
        <MenuSeparator />
        <DropdownMenu.Item className={dangerItemClassName} onSelect={() => setDialog("remove")}>
          <MenuIcon className="text-red-600" d={icons.remove} />
          Remove member…
        </DropdownMenu.Item>
      </RowMenu>

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
    </>
  );
}

function roleAction(role: Member["role"]): string {
  return role === "ADMIN" ? "Make admin" : "Make member";
}


const icons = {
  role: "M10 1a4.5 4.5 0 0 0-4.5 4.5V9H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 8V5.5a3 3 0 1 0-6 0V9h6Z",
  suspend: "M2 10a8 8 0 1 1 16 0 8 8 0 0 1-16 0Zm5-2.25A.75.75 0 0 1 7.75 7h.5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-.75.75h-.5a.75.75 0 0 1-.75-.75v-4.5Zm4 0a.75.75 0 0 1 .75-.75h.5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-.75.75h-.5a.75.75 0 0 1-.75-.75v-4.5Z",
  reactivate: "M2 10a8 8 0 1 1 16 0 8 8 0 0 1-16 0Zm6.39-2.908a.75.75 0 0 1 .766.027l3.5 2.25a.75.75 0 0 1 0 1.262l-3.5 2.25A.75.75 0 0 1 8 12.25v-4.5a.75.75 0 0 1 .39-.658Z",
  remove: "M8.75 1A2.75 2.75 0 0 0 6 3.75v.443c-.795.077-1.584.176-2.365.298a.75.75 0 1 0 .23 1.482l.149-.022.841 10.518A2.75 2.75 0 0 0 7.596 19h4.807a2.75 2.75 0 0 0 2.742-2.53l.841-10.52.149.023a.75.75 0 0 0 .23-1.482A41.03 41.03 0 0 0 14 4.193V3.75A2.75 2.75 0 0 0 11.25 1h-2.5ZM10 4c.84 0 1.673.025 2.5.075V3.75c0-.69-.56-1.25-1.25-1.25h-2.5c-.69 0-1.25.56-1.25 1.25v.325C8.327 4.025 9.16 4 10 4ZM8.58 7.72a.75.75 0 0 0-1.5.06l.3 7.5a.75.75 0 1 0 1.5-.06l-.3-7.5Zm4.34.06a.75.75 0 1 0-1.5-.06l-.3 7.5a.75.75 0 1 0 1.5.06l.3-7.5Z",
};
