// @ts-check
// The work the floors do per request, in plain pg: the least each request can do. The plain
// floor serves it from an Express handler, the tRPC floor from bare tRPC procedures. Plain
// JavaScript, so the floor runs under Node alone, as our compiled server and Better Auth do.
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";

/** The same pool size as openDatabase (10). */
export const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10 });

/**
 * What auth.me needs at least: one indexed SELECT.
 * @param {string} id
 */
export async function selectUser(id) {
  const { rows } = await pool.query('SELECT id, email FROM "User" WHERE id = $1', [id]);
  return rows[0] ?? null;
}

/**
 * The writes invitation.create makes, in one transaction: the invitation, its outbox email, its audit event.
 * @param {string} email
 * @param {string} adminId
 * @param {string | undefined} ip
 * @returns {Promise<{ id: string }>}
 */
export async function insertInvitation(email, adminId, ip) {
  const { id, now, tokenHash, expiresAt, payload, sealedSecret } = invitationValues();
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Invitation" (id, email, "tokenHash", "expiresAt", "lifetimeHours", "invitedById", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, 48, $5, $6, $6)`,
      [id, email, tokenHash, expiresAt, adminId, now],
    );
    await client.query(
      `INSERT INTO "EmailMessage" (id, "invitationId", "to", template, payload, "sealedSecret", "nextAttemptAt", "createdAt")
       VALUES ($1, $2, $3, 'invitation', $4, $5, $6, $6)`,
      [uuidv7(), id, email, JSON.stringify(payload), sealedSecret, now],
    );
    await client.query(
      `INSERT INTO "AuditEvent" (id, "actorId", action, "targetType", "targetId", ip, data, "createdAt")
       VALUES ($1, $2, 'invitation.create', 'invitation', $3, $4, $5, $6)`,
      [uuidv7(), adminId, id, ip, JSON.stringify({ email, role: "MEMBER" }), now],
    );
    await client.query("COMMIT");
    return { id };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

/** A new invitation's values, made as the app makes them. */
export function invitationValues() {
  const now = new Date();
  return {
    id: uuidv7(),
    now,
    tokenHash: createHash("sha256").update(randomBytes(20)).digest(),
    expiresAt: new Date(now.getTime() + 48 * 3_600_000),
    payload: { role: "MEMBER", appUrl: "http://127.0.0.1" },
    sealedSecret: randomBytes(48).toString("base64url"),
  };
}

/** RFC 9562 UUIDv7: 48 bits of Unix milliseconds, then random bits; what Prisma's uuid(7) makes. */
export function uuidv7(ms = Date.now()) {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = (Number(bytes[6]) & 0x0f) | 0x70;
  bytes[8] = (Number(bytes[8]) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
