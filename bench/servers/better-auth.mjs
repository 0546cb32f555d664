// @ts-check
// The peer: Better Auth (pinned in bench/package.json) with its organization plugin, as its
// Express guide mounts it, on a pg Pool of the same size as ours (10), on a database of its own
// that it migrates itself at start. Plain JavaScript under Node, as our compiled server runs.
//
// Its defaults stay, but for what one load generator on one address would trip: its rate limiter
// is off, and an organization may hold any number of pending invitations (invitationLimit,
// 100 by default). Sending the invitation email is left to a no-op: Better Auth has no outbox,
// and an application would send it inside the request; not counting that favours the peer.
import express from "express";
import pg from "pg";
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";
import { organization } from "better-auth/plugins/organization";
import { serve } from "./serve.mjs";

const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10 });

/** @type {import("better-auth").BetterAuthOptions} */
const options = {
  baseURL: `http://127.0.0.1:${process.env.PORT}`,
  secret: process.env.BETTER_AUTH_SECRET,
  database: pool,
  emailAndPassword: { enabled: true },
  plugins: [organization({ invitationLimit: Number.MAX_SAFE_INTEGER, sendInvitationEmail: async () => {} })],
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
  logger: { level: process.env.BENCH_LOG_LEVEL === "error" ? "error" : "warn" },
};

// What `npx @better-auth/cli migrate` does, without fetching the CLI: create its tables.
await (await getMigrations(options)).runMigrations();
const auth = betterAuth(options);

const app = express();
app.all("/api/auth/*splat", toNodeHandler(auth)); // Express 5's catch-all, from its Express guide

serve(app, () => pool.end());
