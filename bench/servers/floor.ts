// The floor: a plain Express handler over a plain pg Pool, the least work each request can do.
// It uses the very express and pg the app runs on, resolved from the packages that depend on them,
// and the same pool size as openDatabase (10).
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { listenOnLoopback, serveParent } from "../lib/child.ts";
import { uuidv7 } from "../lib/uuid.ts";

const requireFrom = (pkg: string) => createRequire(new URL(`../../${pkg}/package.json`, import.meta.url));
const express = requireFrom("apps/server")("express");
const pg = requireFrom("packages/db")("pg");

const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10 });
const app = express();
// Loaded with require (no types at the root): the handlers' parameters are typed by hand.
type Req = { params: Record<string, string>; body: { email: string; adminId: string }; ip?: string };
type Res = { json(body: unknown): void; status(code: number): Res };

app.get("/me/:id", async (req: Req, res: Res) => {
  const { rows } = await pool.query('SELECT id, email FROM "User" WHERE id = $1', [req.params.id]);
  res.json(rows[0] ?? null);
});

// The writes invitation.create makes, in one transaction: the invitation, its outbox email, its audit event.
app.post("/invite", express.json(), async (req: Req, res: Res) => {
  const { email, adminId } = req.body;
  const id = uuidv7();
  const now = new Date();
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Invitation" (id, email, "tokenHash", "expiresAt", "lifetimeHours", "invitedById", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, 48, $5, $6, $6)`,
      [id, email, createHash("sha256").update(randomBytes(20)).digest(), new Date(now.getTime() + 48 * 3_600_000), adminId, now],
    );
    await client.query(
      `INSERT INTO "EmailMessage" (id, "invitationId", "to", template, payload, "sealedSecret", "nextAttemptAt", "createdAt")
       VALUES ($1, $2, $3, 'invitation', $4, $5, $6, $6)`,
      [uuidv7(), id, email, JSON.stringify({ role: "MEMBER", appUrl: "http://127.0.0.1" }), randomBytes(48).toString("base64url"), now],
    );
    await client.query(
      `INSERT INTO "AuditEvent" (id, "actorId", action, "targetType", "targetId", ip, data, "createdAt")
       VALUES ($1, $2, 'invitation.create', 'invitation', $3, $4, $5, $6)`,
      [uuidv7(), adminId, id, req.ip, JSON.stringify({ email, role: "MEMBER" }), now],
    );
    await client.query("COMMIT");
    res.json({ id });
  } catch (error) {
    await client.query("ROLLBACK");
    res.status(500).json({ error: String(error) });
  } finally {
    client.release();
  }
});

const server = createServer(app);
serveParent(await listenOnLoopback(server), () => pool.end());
