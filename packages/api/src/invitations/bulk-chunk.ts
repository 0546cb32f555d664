import type { EmailMessage, Invitation, Role } from "@invite/db";
import type { Services } from "../context.ts";
import { spendRecipientLimits } from "./limits.ts";
import { emailLockKey, invitationEmailPayload, newLink, SUPERSEDED, type Actor, type Tx } from "./shared.ts";
import { uuid7s } from "./uuid7.ts";
import type { InvitationRow } from "./view.ts";

/*
 * One chunk of invitation.createMany: one transaction, a fixed number of set-based statements
 * whatever its size (locks, members, recipient limits, pending invitations, then the renewals,
 * the new invitations, their emails and their audit events, each one statement over unnest()).
 * Per-row Prisma calls made 10,000 invitations take minutes; this takes seconds.
 */

export interface BulkPerson {
  email: string;
  name: string | null;
}

export interface BulkTerms {
  role: Role;
  message: string | null;
  redirectUrl: string | null;
  hours: number;
  expiresAt: Date;
  now: Date;
}

export type ChunkOutcome =
  | { kind: "member" }
  | { kind: "rateLimited" }
  | { kind: "sent"; renewed: boolean; token: string; row: InvitationRow };

/** Timestamps go in as text: PostgreSQL reads them as the UTC wall time Prisma stores, whatever the session's zone. */
const iso = (date: Date) => date.toISOString();

/** Invites every person in `people` (valid, trimmed, lower-cased, no repeats); each one's outcome by email. */
export async function inviteChunk(
  services: Services,
  actor: Actor,
  people: BulkPerson[],
  terms: BulkTerms,
): Promise<Map<string, ChunkOutcome>> {
  // Generous: on the embedded database a chunk waits for other requests' statements too.
  return services.db.prisma.$transaction((tx) => writeChunk(services, tx, actor, people, terms), { timeout: 60_000, maxWait: 10_000 });
}

async function writeChunk(services: Services, tx: Tx, actor: Actor, people: BulkPerson[], terms: BulkTerms) {
  const outcomes = new Map<string, ChunkOutcome>();
  const emails = people.map((person) => person.email);
  // The same per-email locks create and resend take, in one order, so two lists never deadlock.
  const lockKeys = emails.map(emailLockKey);
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(hashtext(k))
    FROM (SELECT k FROM unnest(${lockKeys}::text[]) AS k ORDER BY hashtext(k)) AS sorted`;

  const members = await tx.$queryRaw<Array<{ email: string }>>`
    SELECT "email" FROM "User" WHERE "email" = ANY(${emails}::text[])`;
  for (const { email } of members) outcomes.set(email, { kind: "member" });
  const candidates = people.filter((person) => !outcomes.has(person.email));
  const limited = await spendRecipientLimits(services, tx, candidates.map((person) => person.email));
  for (const email of limited) outcomes.set(email, { kind: "rateLimited" });
  const sendable = candidates.filter((person) => !limited.has(person.email));
  if (sendable.length === 0) return outcomes;

  // A pending invitation is renewed (new link, new expiry) rather than doubled, as create does.
  const pendingRows = await tx.$queryRaw<Array<{ id: string; email: string }>>`
    SELECT DISTINCT ON ("email") "id", "email" FROM "Invitation"
    WHERE "email" = ANY(${sendable.map((person) => person.email)}::text[])
      AND "status" = 'PENDING' AND "expiresAt" > ${iso(terms.now)}::timestamp(3)
    ORDER BY "email", "createdAt" DESC`;
  const pending = new Map(pendingRows.map((row) => [row.email, row.id]));

  const newIds = uuid7s(sendable.length - pending.size);
  let nextId = 0;
  const links = sendable.map((person) => {
    const { token, tokenHash } = newLink();
    const renewing = pending.get(person.email);
    return {
      person,
      token,
      tokenHash,
      hashHex: Buffer.from(tokenHash).toString("hex"),
      sealed: services.sealer.seal(token),
      id: renewing ?? newIds[nextId++]!,
      renewed: renewing !== undefined,
    };
  });
  const renewals = links.filter((link) => link.renewed);
  const created = links.filter((link) => !link.renewed);
  const { role, message, redirectUrl, hours, expiresAt, now } = terms;

  const renewedRows = renewals.length
    ? await tx.$queryRaw<Array<{ id: string; createdAt: Date; sendCount: number; name: string | null; sendReminder: boolean }>>`
        UPDATE "Invitation" AS i SET
          "role" = ${role}::"Role", "message" = ${message}, "name" = COALESCE(u.name, i."name"), "redirectUrl" = ${redirectUrl}::text,
          "expiresAt" = ${iso(expiresAt)}::timestamp(3), "lifetimeHours" = ${hours}::int,
          "tokenHash" = decode(u.hash, 'hex'), "sendCount" = i."sendCount" + 1,
          "invitedById" = ${actor.user.id}, "updatedAt" = ${iso(now)}::timestamp(3)
        FROM unnest(${renewals.map((l) => l.id)}::text[], ${renewals.map((l) => l.hashHex)}::text[], ${renewals.map((l) => l.person.name)}::text[])
          AS u(id, hash, name)
        WHERE i."id" = u.id AND i."status" = 'PENDING'
        RETURNING i."id", i."createdAt", i."sendCount", i."name", i."sendReminder"`
    : [];
  const renewedById = new Map(renewedRows.map((row) => [row.id, row]));
  if (renewedRows.length) {
    // Their earlier emails still waiting would deliver links that no longer work.
    await tx.$executeRaw`
      UPDATE "EmailMessage" SET "status" = 'FAILED', "lastError" = ${SUPERSEDED}, "sealedSecret" = NULL
      WHERE "invitationId" = ANY(${renewedRows.map((row) => row.id)}::text[]) AND "status" = 'QUEUED'`;
  }
  // Accept takes no email lock: one accepted since we looked has its member now, and no new email.
  const sent = links.filter((link) => !link.renewed || renewedById.has(link.id));
  for (const link of links) if (link.renewed && !renewedById.has(link.id)) outcomes.set(link.person.email, { kind: "member" });
  const emailIds = uuid7s(sent.length);
  const auditIds = uuid7s(sent.length);
  // The invitation's name as written: the one given, or for a renewal without one, the one it kept.
  const nameOf = (link: (typeof links)[number]) => (link.renewed ? renewedById.get(link.id)!.name : link.person.name);
  const sentNames = sent.map(nameOf);
  if (created.length) {
    await tx.$executeRaw`
      INSERT INTO "Invitation" ("id", "email", "role", "message", "name", "redirectUrl", "tokenHash", "status", "expiresAt",
        "lifetimeHours", "sendCount", "invitedById", "createdAt", "updatedAt")
      SELECT u.id, u.email, ${role}::"Role", ${message}, u.name, ${redirectUrl}::text, decode(u.hash, 'hex'), 'PENDING',
        ${iso(expiresAt)}::timestamp(3), ${hours}::int, 1, ${actor.user.id}, ${iso(now)}::timestamp(3), ${iso(now)}::timestamp(3)
      FROM unnest(${created.map((l) => l.id)}::text[], ${created.map((l) => l.person.email)}::text[],
        ${created.map((l) => l.person.name)}::text[], ${created.map((l) => l.hashHex)}::text[]) AS u(id, email, name, hash)`;
  }

  // The outbox rows, the token sealed as enqueueEmail seals it; one payload fits the whole list, with
  // each invitee's name added where there is one (invitationEmailPayload adds it the same way).
  const payload = invitationEmailPayload(services, actor.user, { role, message, expiresAt });
  await tx.$executeRaw`
    INSERT INTO "EmailMessage" ("id", "invitationId", "to", "template", "payload", "sealedSecret", "status",
      "attempts", "nextAttemptAt", "createdAt")
    SELECT u.id, u.invitation_id, u.recipient, 'invitation',
      CASE WHEN u.name IS NULL THEN ${JSON.stringify(payload)}::jsonb
        ELSE ${JSON.stringify(payload)}::jsonb || jsonb_build_object('inviteeName', u.name) END,
      u.sealed, 'QUEUED', 0, ${iso(now)}::timestamp(3), ${iso(now)}::timestamp(3)
    FROM unnest(${emailIds}::text[], ${sent.map((l) => l.id)}::text[], ${sent.map((l) => l.person.email)}::text[],
      ${sent.map((l) => l.sealed)}::text[], ${sentNames}::text[]) AS u(id, invitation_id, recipient, sealed, name)`;

  // The audit events create writes, one per invitation, with the name when there is one.
  await tx.$executeRaw`
    INSERT INTO "AuditEvent" ("id", "actorId", "action", "targetType", "targetId", "ip", "data", "createdAt")
    SELECT u.id, ${actor.user.id}, u.action, 'invitation', u.target, ${actor.ip}::text,
      jsonb_build_object('email', u.email, 'role', ${role}::text)
        || CASE WHEN u.name IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('name', u.name) END,
      ${iso(now)}::timestamp(3)
    FROM unnest(${auditIds}::text[], ${sent.map((l) => (l.renewed ? "invitation.refresh" : "invitation.create"))}::text[],
      ${sent.map((l) => l.id)}::text[], ${sent.map((l) => l.person.email)}::text[], ${sentNames}::text[])
      AS u(id, action, target, email, name)`;

  // Everything the view needs was just written or is the caller: no read-back.
  const inviter = { id: actor.user.id, email: actor.user.email, name: actor.user.name };
  for (const [i, link] of sent.entries()) {
    const renewed = renewedById.get(link.id);
    const invitation: Invitation = {
      id: link.id,
      email: link.person.email,
      role,
      message,
      name: sentNames[i] ?? null,
      redirectUrl,
      tokenHash: link.tokenHash,
      status: "PENDING",
      expiresAt,
      lifetimeHours: hours,
      sendCount: renewed ? renewed.sendCount : 1,
      invitedById: actor.user.id,
      acceptedById: null,
      acceptedAt: null,
      revokedAt: null,
      sendReminder: renewed ? renewed.sendReminder : true,
      firstViewedAt: null, // neither is in the view; a refreshed row keeps its own
      deliveredAt: null,
      createdAt: renewed ? renewed.createdAt : now,
      updatedAt: now,
    };
    const email: EmailMessage = {
      id: emailIds[i]!,
      invitationId: link.id,
      to: link.person.email,
      template: "invitation",
      payload: invitationEmailPayload(services, actor.user, { role, message, expiresAt, name: sentNames[i] }) as unknown as EmailMessage["payload"],
      sealedSecret: link.sealed,
      status: "QUEUED",
      attempts: 0,
      lastError: null,
      nextAttemptAt: now,
      sentAt: null,
      createdAt: now,
      reminderForId: null,
    };
    const row: InvitationRow = { ...invitation, invitedBy: inviter, emails: [{ ...email, reminder: null }] };
    outcomes.set(link.person.email, { kind: "sent", renewed: link.renewed, token: link.token, row });
  }
  return outcomes;
}
