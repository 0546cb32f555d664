import type { Prisma } from "@invite/db";
import type { Role } from "@invite/schemas";
import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { revokeAdminInvitations, type Actor } from "../invitations/service.ts";
import { revokeAdminLinks } from "../invite-links/revoke.ts";
import { literalContains } from "../search.ts";

/** What an admin sees of each member: who, as what, how they sign in, and when last active. */
const memberSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  createdAt: true,
  passwordHash: true,
  suspendedAt: true,
  accounts: { select: { provider: true }, orderBy: { provider: "asc" } },
  _count: { select: { passkeys: true } },
  sessions: { select: { lastSeenAt: true }, orderBy: { lastSeenAt: "desc" }, take: 1 },
} satisfies Prisma.UserSelect;

type MemberRow = Prisma.UserGetPayload<{ select: typeof memberSelect }>;
type Tx = Prisma.TransactionClient;

/** What an admin sees of a member (`member.list`, `.setRole`, `.suspend`, `.reactivate`). */
export interface MemberView {
  id: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: Date;
  /** "password", the ids of the linked providers, and "passkey" when they have one or more. */
  signInMethods: string[];
  /** The latest activity of any of their sessions; null when signed out everywhere. */
  lastSeenAt: Date | null;
  /** When an admin suspended the account; null while it may sign in. */
  suspendedAt: Date | null;
}

function toMemberView(row: MemberRow): MemberView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    joinedAt: row.createdAt,
    signInMethods: [
      ...(row.passwordHash ? ["password"] : []),
      ...row.accounts.map((a) => a.provider),
      ...(row._count.passkeys > 0 ? ["passkey"] : []),
    ],
    lastSeenAt: row.sessions[0]?.lastSeenAt ?? null,
    suspendedAt: row.suspendedAt,
  };
}

/** Newest first; ids are UUIDv7, so the id is the cursor (as for invitations). */
export async function listMembers(
  services: Services,
  input: { search?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const search = input.search ? literalContains(input.search.toLowerCase()) : undefined;
  const rows = await services.db.prisma.user.findMany({
    where: {
      ...(search ? { OR: [{ email: { contains: search } }, { name: { contains: search, mode: "insensitive" } }] } : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    select: memberSelect,
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  return { items: page.map(toMemberView), nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null };
}

/** Admins act on others only: so there is always an admin left, and nobody locks themselves out. */
function refuseSelf(actor: Actor, id: string, what: string) {
  if (actor.user.id === id) throw new AppError("FORBIDDEN", `You can't ${what} yourself. Ask another admin.`);
}

const notFound = () => new AppError("NOT_FOUND", "That member no longer exists.");

/**
 * Holds every acting admin's row until the transaction ends and checks that the actor is still
 * one: two admins demoting, removing or suspending each other at once are taken in turn, and
 * the second finds they no longer may, so an admin always remains. A suspended admin is not one.
 */
async function lockAdmins(tx: Tx, actor: Actor) {
  // NO KEY UPDATE: rows that point at an admin (sessions, audit events) can still be written.
  // A row suspended while we waited for its lock is checked again, and drops out.
  const admins = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "User" WHERE "role" = 'ADMIN' AND "suspendedAt" IS NULL FOR NO KEY UPDATE`;
  if (!admins.some((admin) => admin.id === actor.user.id)) {
    throw new AppError("FORBIDDEN", "You are no longer an admin. Ask another admin.");
  }
}

type Target = { id: string; email: string; role: Role };
type RecordChange = (action: string, data?: Record<string, string | number>) => Promise<void>;

/**
 * What every change to a member shares: never on yourself; in one transaction that holds the
 * admins' rows (see lockAdmins); on a member who exists; audited as the actor's doing, with
 * the member's email kept in the event (their account may go later).
 */
async function changeMember<T>(
  services: Services,
  actor: Actor,
  id: string,
  what: string,
  change: (tx: Tx, member: Target, record: RecordChange, now: Date) => Promise<T>,
): Promise<T> {
  refuseSelf(actor, id, what);
  const now = services.clock.now();
  return services.db.prisma.$transaction(async (tx) => {
    await lockAdmins(tx, actor);
    const member = await tx.user.findUnique({ where: { id }, select: { id: true, email: true, role: true } });
    if (!member) throw notFound();
    const record: RecordChange = (action, data = {}) =>
      recordAudit(
        tx,
        { actorId: actor.user.id, action, targetType: "user", targetId: id, ip: actor.ip, data: { email: member.email, ...data } },
        now,
      );
    return change(tx, member, record, now);
  });
}

/** The member as the page shows them, after a change; not found if removed meanwhile. */
async function viewOf(tx: Tx, id: string): Promise<MemberView> {
  const row = await tx.user.findUnique({ where: { id }, select: memberSelect });
  if (!row) throw notFound();
  return toMemberView(row);
}

export function setMemberRole(services: Services, actor: Actor, id: string, role: Role): Promise<MemberView> {
  return changeMember(services, actor, id, "change the role of", async (tx, member, record, now) => {
    // Removed by another admin since the read: not found, like any missing member.
    const { count } = await tx.user.updateMany({ where: { id }, data: { role } });
    if (count === 0) throw notFound();
    if (member.role !== role) {
      const revokedInvitations = role === "ADMIN" ? 0 : await revokeAdminInvitations(tx, { invitedById: id }, now);
      if (role !== "ADMIN") await revokeAdminLinks(tx, id, now);
      await record("member.role_change", { from: member.role, to: role, revokedInvitations });
    }
    return viewOf(tx, id);
  });
}

/**
 * Removes the account: its sessions end at once (their next request is signed out), its
 * sign-in methods and reset links go with it. Member invitations it sent stay, with no
 * inviter, and its admin invitations are revoked; the audit trail keeps the email.
 */
export function removeMember(services: Services, actor: Actor, id: string): Promise<{ email: string }> {
  return changeMember(services, actor, id, "remove", async (tx, member, record, now) => {
    // Before the account goes: afterwards its invitations no longer say who sent them.
    const revokedInvitations = await revokeAdminInvitations(tx, { invitedById: id }, now);
    await revokeAdminLinks(tx, id, now);
    const { count } = await tx.user.deleteMany({ where: { id } });
    if (count === 0) throw notFound(); // removed meanwhile by another admin
    await record("member.remove", { role: member.role, revokedInvitations });
    return { email: member.email };
  });
}

/**
 * Suspends the account and keeps everything else: its sessions and unused reset links end at
 * once (their open browser is signed out on its next request), sign-in is refused until an
 * admin reactivates it, and the admin invitations it sent are revoked, as when an admin is
 * demoted; member invitations stay valid. Suspending a suspended member changes nothing.
 */
export function suspendMember(services: Services, actor: Actor, id: string): Promise<MemberView> {
  return changeMember(services, actor, id, "suspend", async (tx, member, record, now) => {
    // Conditional, so two admins suspending one member at once audit it once.
    const { count } = await tx.user.updateMany({ where: { id, suspendedAt: null }, data: { suspendedAt: now } });
    if (count === 1) {
      await tx.session.deleteMany({ where: { userId: id } });
      await tx.passwordReset.deleteMany({ where: { userId: id, usedAt: null } });
      // A reset link still waiting in the outbox would only lead to a refusal.
      await tx.emailMessage.updateMany({
        where: { to: member.email, template: "passwordReset", status: "QUEUED" },
        data: { status: "FAILED", lastError: "The account was suspended.", sealedSecret: null },
      });
      await revokeAdminLinks(tx, id, now);
      await record("member.suspend", { revokedInvitations: await revokeAdminInvitations(tx, { invitedById: id }, now) });
    }
    return viewOf(tx, id);
  });
}

/**
 * Lets a suspended account sign in again. What suspending revoked stays revoked: an admin
 * invitation they still want to give is sent anew.
 */
export function reactivateMember(services: Services, actor: Actor, id: string): Promise<MemberView> {
  return changeMember(services, actor, id, "reactivate", async (tx, _member, record) => {
    const { count } = await tx.user.updateMany({ where: { id, suspendedAt: { not: null } }, data: { suspendedAt: null } });
    if (count === 1) await record("member.reactivate");
    return viewOf(tx, id);
  });
}
