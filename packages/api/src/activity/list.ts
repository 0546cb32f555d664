import type { AuditEvent } from "@invite/db";
import type { ActivityKind } from "@invite/schemas";
import type { Services } from "../context.ts";

/** Which audit actions each kind of the activity filter shows. */
const actionsOfKind: Record<ActivityKind, string[]> = {
  invitations: [
    "invitation.create",
    "invitation.refresh",
    "invitation.resend",
    "invitation.sign_up_reminder",
    "invitation.revoke",
    "invitation.reminder",
    "invitation.accept",
    "inviteLink.create",
    "inviteLink.revoke",
    "inviteLink.join",
  ],
  members: ["member.role_change", "member.remove", "member.suspend", "member.reactivate", "user.create_first_admin", "user.create_admin"],
  "sign-ins": ["auth.sign_in", "auth.sign_up", "inviteLink.join", "auth.oauth_refused"],
  accounts: [
    "account.rename",
    "account.change_password",
    "account.link_provider",
    "account.unlink_provider",
    "account.add_passkey",
    "account.rename_passkey",
    "account.remove_passkey",
    "auth.password_reset_requested",
    "auth.password_reset",
  ],
  settings: [
    "settings.update",
    "settings.logo_update",
    "settings.logo_remove",
    "webhook.create",
    "webhook.update",
    "webhook.delete",
    "webhook.test",
    "webhook.redeliver",
    "webhook.disable",
  ],
};

const roleNames = { ADMIN: "Admin", MEMBER: "Member" } as const;

/** The names people see for sign-in methods in the audit trail; configured providers add theirs. */
function methodName(services: Services, method: unknown): string {
  if (method === "password" || typeof method !== "string") return "a password";
  if (method === "passkey") return "a passkey";
  return services.config.providers.find((provider) => provider.id === method)?.name ?? method;
}

/** ", revoking the 2 admin invitations they had sent", when there were any. */
function revoked(data: Record<string, unknown>): string {
  const count = Number(data.revokedInvitations ?? 0);
  if (!count) return "";
  return `, revoking ${count === 1 ? "the admin invitation" : `the ${count} admin invitations`} they had sent`;
}

/** " for @example.com and @example.org", when sign-up is limited to some domains. */
function domains(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return "";
  const listed = value.map((domain) => `@${String(domain)}`);
  return ` for ${listed.length === 1 ? listed[0] : `${listed.slice(0, -1).join(", ")} and ${listed.at(-1)}`}`;
}

/** " for Members, lasting 7 days, up to 25 uses, for @example.com": a shareable link's terms as it was made. */
function linkTerms(data: Record<string, unknown>, createdAt: Date): string {
  const role = data.role === "ADMIN" ? "Admins" : "Members";
  const hours = typeof data.expiresAt === "string" ? Math.round((Date.parse(data.expiresAt) - createdAt.getTime()) / 3_600_000) : null;
  const lasting = hours === null ? ", never expiring" : hours % 24 === 0 ? `, lasting ${hours / 24} day${hours === 24 ? "" : "s"}` : `, lasting ${hours} hour${hours === 1 ? "" : "s"}`;
  const uses = typeof data.maxUses === "number" ? `, up to ${data.maxUses.toLocaleString("en")} use${data.maxUses === 1 ? "" : "s"}` : "";
  const only = Array.isArray(data.allowedDomains) && data.allowedDomains.length > 0 ? `,${domains(data.allowedDomains)}` : "";
  return ` for ${role}${lasting}${uses}${only}`;
}

/** ", the workspace name Acme, the accent colour #aa3300", for what an update set. */
function branding(data: Record<string, unknown>): string {
  const parts = [];
  if (data.workspaceName !== undefined) parts.push(data.workspaceName ? `the workspace name ${String(data.workspaceName)}` : "no workspace name");
  if (data.accentColor !== undefined) parts.push(data.accentColor ? `the accent colour ${String(data.accentColor)}` : "the default accent colour");
  return parts.map((part) => `, ${part}`).join("");
}

/** ", reminders 24 hours before expiry" or ", no reminders", when an update set it. */
function reminders(data: Record<string, unknown>): string {
  if (typeof data.reminderHoursBeforeExpiry !== "number") return "";
  return data.reminderHoursBeforeExpiry ? `, reminders ${data.reminderHoursBeforeExpiry} hours before expiry` : ", no reminders";
}

/** "Ada Lovelace (ada@example.com)" when the invitation was given a name, else the address. */
function invitee(email: unknown, name: unknown): string {
  return typeof name === "string" && name ? `${name} (${String(email)})` : String(email);
}

type Lookups = { invitees: Map<string, string>; userEmails: Map<string, string> };

/**
 * What the event did, as the rest of a sentence whose subject is the actor: "invited
 * ada@example.com as Member". Names come from the event's own data where it kept them, so a
 * removed member's events still read; an unknown action reads as itself.
 */
function describe(services: Services, event: AuditEvent, lookups: Lookups): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const invited = (event.targetId && lookups.invitees.get(event.targetId)) ?? "a deleted invitation";
  const user = (event.targetId && lookups.userEmails.get(event.targetId)) ?? "a removed member";
  const role = (value: unknown) => roleNames[value as keyof typeof roleNames] ?? String(value);
  switch (event.action) {
    case "invitation.create":
      return `invited ${invitee(data.email, data.name)} as ${role(data.role)}`;
    case "invitation.refresh":
      return `sent ${invitee(data.email, data.name)} a new invitation link`;
    case "invitation.resend":
      return `resent the invitation to ${invited}`;
    case "invitation.sign_up_reminder":
      return `tried to sign up as ${invited}, so their pending invitation was sent again`;
    case "invitation.revoke":
      return `revoked the invitation to ${invited}`;
    case "invitation.reminder":
      return `turned ${data.enabled ? "on" : "off"} the reminder email for the invitation to ${invited}`;
    case "invitation.accept":
      return `joined through their invitation, with ${methodName(services, data.method)}`;
    case "inviteLink.create":
      return `created a shareable invitation link${linkTerms(data, event.createdAt)}`;
    case "inviteLink.revoke":
      return `revoked a shareable invitation link for ${data.role === "ADMIN" ? "Admins" : "Members"}, used ${String(data.uses ?? 0)} time${data.uses === 1 ? "" : "s"}`;
    case "inviteLink.join":
      return `joined as ${role(data.role)} through a shareable invitation link, with ${methodName(services, data.method)}`;
    case "member.role_change":
      return `made ${typeof data.email === "string" ? data.email : user} ${data.to === "ADMIN" ? "an admin" : "a member"}${revoked(data)}`;
    case "member.remove":
      return `removed ${String(data.email)} (${role(data.role)})${revoked(data)}`;
    case "member.suspend":
      return `suspended ${typeof data.email === "string" ? data.email : user}${revoked(data)}`;
    case "member.reactivate":
      return `reactivated ${typeof data.email === "string" ? data.email : user}`;
    case "settings.update":
      return `changed the settings: ${data.registration === "OPEN" ? `open sign-up${domains(data.signUpDomains)}` : "invitation only"}, invitations last ${String(data.defaultInviteHours)} hours${reminders(data)}${branding(data)}`;
    case "settings.logo_update":
      return `uploaded a new logo (${String(data.contentType).replace("image/", "").toUpperCase()}, ${String(data.width)}×${String(data.height)})`;
    case "settings.logo_remove":
      return "removed the logo";
    case "webhook.create":
      return `added a webhook endpoint, ${String(data.url)}`;
    case "webhook.update":
      return data.enabled === true ? "enabled a webhook endpoint" : data.enabled === false ? "paused a webhook endpoint" : "changed a webhook endpoint";
    case "webhook.delete":
      return "deleted a webhook endpoint";
    case "webhook.test":
      return "sent a test event to a webhook endpoint";
    case "webhook.redeliver":
      return "sent a webhook event again";
    case "webhook.disable":
      return `disabled a webhook endpoint after it failed for days (${String(data.reason)})`;
    case "auth.sign_in":
      return `signed in with ${methodName(services, data.method)}`;
    case "auth.sign_up":
      return `signed up with ${methodName(services, data.method)}${data.via === "email_link" ? ", from a sign-up link sent to their email" : ""}`;
    case "auth.password_reset_requested":
      return "asked for a password reset link";
    case "auth.password_reset":
      return "set a new password from a reset link";
    case "account.change_password":
      return "changed their password";
    case "account.rename":
      return `changed their name from ${String(data.from)} to ${String(data.to)}`;
    case "account.link_provider":
      return `linked ${methodName(services, data.provider)}`;
    case "account.unlink_provider":
      return `unlinked ${methodName(services, data.provider)}`;
    case "account.add_passkey":
      return `added a passkey (${String(data.name)})`;
    case "account.rename_passkey":
      return `renamed a passkey to ${String(data.name)}`;
    case "account.remove_passkey":
      return `removed a passkey (${String(data.name)})`;
    case "auth.oauth_refused":
      return `was refused signing in with ${methodName(services, data.provider)} (${String(data.reason)})`;
    case "user.create_first_admin":
      return "created the first admin account";
    case "user.create_admin":
      return "was set up as an admin by the operator (ADMIN_EMAIL or the command line)";
    default:
      return event.action;
  }
}

/**
 * The audit trail, newest first (ids are UUIDv7), a page at a time, in words; of one kind
 * and of one person's doing when asked. `person` names that person, for the filter's label.
 */
export async function listActivity(
  services: Services,
  input: { kind?: ActivityKind | undefined; actorId?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const { prisma } = services.db;
  const actor = { select: { id: true, name: true, email: true } } as const;
  const [rows, person] = await Promise.all([
    prisma.auditEvent.findMany({
      where: {
        ...(input.cursor && { id: { lt: input.cursor } }),
        ...(input.kind && { action: { in: actionsOfKind[input.kind] } }),
        ...(input.actorId && { actorId: input.actorId }),
      },
      include: { actor },
      orderBy: { id: "desc" },
      take: input.limit + 1,
    }),
    input.actorId ? prisma.user.findUnique({ where: { id: input.actorId }, ...actor }) : null,
  ]);
  const page = rows.slice(0, input.limit);
  const targets = (type: string) => [...new Set(page.filter((e) => e.targetType === type && e.targetId).map((e) => e.targetId!))];
  const [invitations, users] = await Promise.all([
    prisma.invitation.findMany({ where: { id: { in: targets("invitation") } }, select: { id: true, email: true, name: true } }),
    prisma.user.findMany({ where: { id: { in: targets("user") } }, select: { id: true, email: true } }),
  ]);
  const lookups = {
    invitees: new Map(invitations.map((i) => [i.id, invitee(i.email, i.name)])),
    userEmails: new Map(users.map((u) => [u.id, u.email])),
  };
  return {
    items: page.map((event) => ({
      id: event.id,
      action: event.action,
      /** Null when the account has since been removed, or nobody was signed in. */
      actor: event.actor,
      summary: describe(services, event, lookups),
      ip: event.ip,
      createdAt: event.createdAt,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
    /** The person filtered by; null when none was asked for or they have been removed. */
    person,
  };
}
