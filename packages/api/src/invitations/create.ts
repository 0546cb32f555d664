import type { EmailMessage, Invitation, Role } from "@invite/db";
import { checkRedirectUrl } from "../redirects.ts";
import { DEFAULT_SETTINGS } from "../settings.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { rateLimited } from "../rate-limits.ts";
import { allowanceRefused, oneInvitationLimits } from "./limits.ts";
import { assertRoleAllowed, emailLockKey, invitationEmailPayload, newLink, SUPERSEDED, type Actor } from "./shared.ts";
import { uuid7s } from "./uuid7.ts";
import type { InvitationRow } from "./view.ts";

export interface CreateInvitation {
  email: string;
  role: Role;
  expiresInHours?: number | undefined;
  message?: string | undefined;
  /** Trimmed and checked (inviteeNameSchema); a renewal without one keeps the name it had. */
  name?: string | undefined;
  /** Where they go after accepting ("" or absent: none); checked against APP_URL and TRUSTED_ORIGINS here. */
  redirectUrl?: string | undefined;
}

/** invitation.create: the admin's allowance and the recipient's limit, then the invitation. */
export function inviteOne(services: Services, actor: Actor, input: CreateInvitation) {
  return writeInvitation(services, actor, input, true);
}

/**
 * Invites an email, or refreshes its pending invitation (new link, new expiry) rather than
 * making a second one. The invitation, its token hash and its email are one transaction.
 * Spends no rate limit: `inviteOne` does, for the API; the CLI and tests call this directly.
 */
export function createInvitation(services: Services, actor: Actor, input: CreateInvitation) {
  return writeInvitation(services, actor, input, false);
}

/** What the SQL function `invitation_create_v3` answers (invitation_create's migration says what each outcome means). */
interface Written {
  outcome: "created" | "renewed" | "allowance" | "recipient" | "member";
  allowance: number;
  limit_points: number | null;
  /** int8, as text. */
  limit_expire: string | null;
  invitation_id: string;
  invitation_name: string | null;
  expires_at: Date;
  lifetime_hours: number;
  send_count: number;
  created_at: Date;
}

/**
 * One statement, one round trip: the function `invitation_create_v3` (its migration, and
 * invitation_create_v2's and invitation_create's before it) spends the limits, reads the settings, takes the email's lock,
 * checks for an account and a pending invitation, writes the invitation (with its name), its
 * outbox email and its audit event. Through Prisma this
 * was 13 statements at 0.25–0.5 ms of CPU each (bench/README.md, invitation-create); a named
 * statement is parsed and planned once per connection, and the function's plans are cached.
 */
const CREATE_SQL = `SELECT * FROM invitation_create_v3($1::text, $2::text, $3::text, $4::int, $5::text, $6::text,
  $7::timestamp(3), $8::text, decode($9::text, 'hex'), $10::text, $11::text, $12::jsonb, $13::text, $14::text, $15::text,
  $16::int, $17::int, $18::bigint, $19::text, $20::bigint, $21::text, $22::int, $23::bigint, $24::text, $25::text)`;

async function writeInvitation(services: Services, actor: Actor, input: CreateInvitation, spendLimits: boolean) {
  assertRoleAllowed(actor, input.role);
  const redirectUrl = checkRedirectUrl(services.config, input.redirectUrl);
  const now = services.clock.now();
  const nowMs = Date.now();
  const message = input.message?.trim() || null;
  const inviteeName = input.name?.trim() || null;
  const { token, tokenHash } = newLink();
  const [invitationId, emailId, auditId] = uuid7s(3) as [string, string, string];
  // Everything but the expiry, which the function sets once it knows the lifetime (a setting by default).
  const payload = invitationEmailPayload(services, actor.user, { role: input.role, message, expiresAt: now });
  const sealedSecret = services.sealer.seal(token);
  const limits = spendLimits ? oneInvitationLimits(services, actor.user.id, input.email) : null;
  const { rows } = await services.db.sql.query({
    name: "invitation-create-v3",
    text: CREATE_SQL,
    values: [
      input.email,
      input.role,
      message,
      input.expiresInHours ?? null,
      actor.user.id,
      actor.ip,
      now.toISOString(), // read as the UTC wall time Prisma stores, whatever the session's zone
      invitationId,
      Buffer.from(tokenHash).toString("hex"),
      emailId,
      sealedSecret,
      JSON.stringify(payload),
      auditId,
      SUPERSEDED,
      emailLockKey(input.email),
      DEFAULT_SETTINGS.defaultInviteHours,
      DEFAULT_SETTINGS.invitesPerAdminPerHour,
      String(nowMs),
      limits?.adminKey ?? null,
      limits ? String(limits.adminWindowMs) : null,
      limits?.recipientKey ?? null,
      limits?.recipientPoints ?? null,
      limits ? String(limits.recipientWindowMs) : null,
      inviteeName,
      redirectUrl,
    ],
  });
  const written = rows[0] as unknown as Written;
  switch (written.outcome) {
    case "allowance": {
      const bucket = written.limit_expire === null ? null : { points: written.limit_points!, expire: Number(written.limit_expire) };
      throw allowanceRefused(1, written.allowance, bucket, nowMs);
    }
    case "recipient":
      throw rateLimited(Math.max(Number(written.limit_expire) - nowMs, 0));
    case "member":
      throw new AppError("ALREADY_MEMBER", `${input.email} already has an account.`);
  }

  // Everything the view needs was just written or is the caller: no read-back.
  const refreshed = written.outcome === "renewed";
  const invitation: Invitation = {
    id: written.invitation_id,
    email: input.email,
    role: input.role,
    message,
    name: written.invitation_name,
    redirectUrl,
    tokenHash,
    status: "PENDING",
    expiresAt: written.expires_at,
    lifetimeHours: written.lifetime_hours,
    sendCount: written.send_count,
    invitedById: actor.user.id,
    acceptedById: null,
    acceptedAt: null,
    revokedAt: null,
    // A renewal keeps what it had stored; the create path reads nothing back, so its answer
    // says on (the list and invitation.get read the stored value).
    sendReminder: true,
    firstViewedAt: null, // neither is in the view; a refreshed row keeps its own
    deliveredAt: null,
    createdAt: written.created_at,
    updatedAt: now,
  };
  const email: EmailMessage = {
    id: emailId,
    invitationId: invitation.id,
    to: input.email,
    template: "invitation",
    payload: invitationEmailPayload(services, actor.user, invitation) as unknown as EmailMessage["payload"],
    sealedSecret,
    status: "QUEUED",
    attempts: 0,
    lastError: null,
    nextAttemptAt: now,
    sentAt: null,
    createdAt: now,
    reminderForId: null,
  };
  const { id, email: inviterEmail, name } = actor.user;
  const row: InvitationRow = { ...invitation, invitedBy: { id, email: inviterEmail, name }, emails: [{ ...email, reminder: null }] };
  return { row, token, refreshed };
}
