import type { BulkInput } from "./bulk-invite.tsx";
import type { Invitation } from "./invite-types.ts";

/* What the invite form holds, shared by the dialog (which keeps it across steps) and the form. */

export type Role = Invitation["role"];

export type InviteDraft = { emails?: string; role?: Role; name?: string | null };

/** What invitation.create answers. */
export type Created = { invitation: Invitation; inviteUrl: string; refreshed: boolean };

export type FormState = {
  emails: string;
  /** The one invitee's name as typed; null until typed in, while it follows a pasted `Name <address>`. */
  name: string | null;
  role: Role;
  hours: number | null;
  message: string;
  /** "After joining, send them to" (`redirectUrl`); "" for none. */
  redirectUrl: string;
};
export type FormErrors = {
  emails?: string | undefined;
  name?: string | undefined;
  role?: string | undefined;
  hours?: string | undefined;
  message?: string | undefined;
  redirectUrl?: string | undefined;
  form?: string | undefined;
};

/** A blank form: Member, the workspace's default lifetime, no name, no message. */
export function initialForm(draft?: InviteDraft): FormState {
  return { emails: draft?.emails ?? "", name: draft?.name ?? null, role: draft?.role ?? "MEMBER", hours: null, message: "", redirectUrl: "" };
}

export const lifetimes = [
  { hours: 24, label: "1 day" },
  { hours: 48, label: "2 days" },
  { hours: 7 * 24, label: "7 days" },
  { hours: 30 * 24, label: "30 days" },
];

export function lifetimeLabel(hours: number): string {
  const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  return lifetimes.find((option) => option.hours === hours)?.label ?? (hours % 24 === 0 ? count(hours / 24, "day") : count(hours, "hour"));
}

/** What every invitation of one sending gets. */
export type CreateInput = BulkInput;
