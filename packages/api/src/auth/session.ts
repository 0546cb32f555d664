import type { Database, PrismaClient, Role, Session } from "@invite/db";
import type { UserWithProviders } from "../users.ts";
import { generateSecureRandomString, hashToken, tokenMatchesHash } from "./tokens.ts";

/** A session ends after 30 days without activity; each use slides it forward. */
export const SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
/** Activity is written at most this often, so reads do not turn into writes. */
export const SESSION_TOUCH_MS = 60 * 1000;

export interface SessionMeta {
  ip: string | null;
  userAgent: string | null;
}

export type SessionValidation =
  | { ok: true; session: Session; user: UserWithProviders; refreshed: boolean }
  | { ok: false };

/** `id.secret`, each 15 random bytes in lower-case base32 (24 characters). */
const SESSION_TOKEN_SHAPE = /^[a-z2-7]{24}\.[a-z2-7]{24}$/;

/** 15 random bytes = 120 bits each for the id and the secret, as Lucia's guide does. */
export function generateSessionToken(): { id: string; secret: string; token: string } {
  const id = generateSecureRandomString(15);
  const secret = generateSecureRandomString(15);
  return { id, secret, token: `${id}.${secret}` };
}

export async function createSession(
  prisma: Pick<PrismaClient, "session">,
  userId: string,
  now: Date,
  meta: SessionMeta,
): Promise<{ token: string; session: Session }> {
  const { id, secret, token } = generateSessionToken();
  const session = await prisma.session.create({
    data: {
      id,
      secretHash: hashToken(secret),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
      ip: meta.ip,
    },
  });
  return { token, session };
}

export async function validateSessionToken(
  db: Pick<Database, "prisma" | "sql">,
  token: string,
  now: Date,
): Promise<SessionValidation> {
  // Only what generateSessionToken makes reaches a query: a cookie is whatever the client
  // sent, and a NUL or stray byte in the id would be a database error, not "signed out".
  if (!SESSION_TOKEN_SHAPE.test(token)) return { ok: false };
  const [id, secret] = token.split(".") as [string, string];

  const found = await findSessionWithUser(db, id);
  if (!found || !tokenMatchesHash(secret, found.secretHash)) return { ok: false };
  if (found.expiresAt.getTime() <= now.getTime()) {
    await db.prisma.session.deleteMany({ where: { id } });
    return { ok: false };
  }

  const { user, ...session } = found;
  if (now.getTime() - session.lastSeenAt.getTime() < SESSION_TOUCH_MS) {
    return { ok: true, session, user, refreshed: false };
  }
  const touched = { ...session, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) };
  // Signed out, revoked or removed since the lookup: the session is gone, not an error.
  const { count } = await db.prisma.session.updateMany({
    where: { id },
    data: { lastSeenAt: touched.lastSeenAt, expiresAt: touched.expiresAt },
  });
  if (count === 0) return { ok: false };
  return { ok: true, session: touched, user, refreshed: true };
}

interface SessionWithUserRow {
  id: string;
  secretHash: Uint8Array;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  userCreatedAt: Date;
  userUpdatedAt: Date;
  providers: string[];
}

/**
 * The session, its user and the user's providers in one round trip. Every authenticated
 * request runs this, so it is plain SQL on the pool Prisma uses, not Prisma: its query
 * interpreter cost more CPU than the rest of the lookup (bench/README.md, auth-me), and the
 * statement is prepared once per connection (`name`), so PostgreSQL parses and plans it once.
 * The columns are `timestamp` (UTC, as Prisma writes them): `AT TIME ZONE 'UTC'` makes them
 * `timestamptz`, which both drivers read as the same instant whatever the process's time zone.
 * A suspended user's session resolves to nobody: suspending deletes their sessions, and this
 * also holds for one created in the same instant.
 */
const SESSION_WITH_USER = {
  name: "session-with-user-v1",
  text: `SELECT s.id, s."secretHash", s."userId", s."createdAt" AT TIME ZONE 'UTC' AS "createdAt",
       s."lastSeenAt" AT TIME ZONE 'UTC' AS "lastSeenAt", s."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt",
       s."userAgent", s.ip, u.email, u.name, u.role::text AS role, u."passwordHash",
       u."createdAt" AT TIME ZONE 'UTC' AS "userCreatedAt", u."updatedAt" AT TIME ZONE 'UTC' AS "userUpdatedAt",
       ARRAY(SELECT a.provider FROM "OAuthAccount" a WHERE a."userId" = u.id ORDER BY a.provider) AS providers
FROM "Session" s JOIN "User" u ON u.id = s."userId"
WHERE s.id = $1 AND u."suspendedAt" IS NULL`,
};

async function findSessionWithUser(
  db: Pick<Database, "sql">,
  id: string,
): Promise<(Session & { user: UserWithProviders }) | null> {
  const { rows } = await db.sql.query({ ...SESSION_WITH_USER, values: [id] });
  const row = rows[0] as SessionWithUserRow | undefined;
  if (!row) return null;
  const { email, name, role, passwordHash, userCreatedAt, userUpdatedAt, providers, secretHash, ...rest } = row;
  // `pg` reads bytea as a Buffer, PGlite as a Uint8Array; Prisma gives a plain Uint8Array.
  const session: Session = { ...rest, secretHash: Uint8Array.from(secretHash) };
  const user = { id: session.userId, email, name, role, passwordHash, suspendedAt: null, createdAt: userCreatedAt, updatedAt: userUpdatedAt };
  return { ...session, user: { ...user, accounts: providers.map((provider) => ({ provider })) } };
}

export async function invalidateSession(prisma: Pick<PrismaClient, "session">, sessionId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of a user except, optionally, the one making the change. */
export async function invalidateUserSessions(
  prisma: Pick<PrismaClient, "session">,
  userId: string,
  exceptSessionId?: string,
): Promise<void> {
  await prisma.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
}

export async function deleteExpiredSessions(prisma: Pick<PrismaClient, "session">, now: Date): Promise<number> {
  const { count } = await prisma.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
