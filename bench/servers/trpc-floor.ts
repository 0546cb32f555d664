// The tRPC floors: the floor's work inside bare tRPC v11 procedures, served by tRPC's own Express
// adapter. Nothing of the app: no helmet, logging, Origin check, sessions, rate limits, superjson
// or zod. `pg.*` does the work in plain pg (what tRPC alone leaves of the plain floor), `prisma.*`
// does the same statements through Prisma 7 (what the stack the app is built on leaves).
import { initTRPC } from "@trpc/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express from "express";
import { insertInvitation, pool, selectUser } from "./floor-work.mjs";
import { viaPrisma } from "./floor-work-prisma.ts";
import { serve } from "./serve.mjs";

type Invite = { email: string; adminId: string };
// Unchecked input, as the plain floor's (tRPC hands a procedure no input without a parser).
const as = <T,>() => (raw: unknown) => raw as T;
const t = initTRPC.context<{ ip: string | undefined }>().create();
const router = t.router({
  pg: t.router({
    user: t.procedure.input(as<string>()).query(({ input }) => selectUser(input)),
    invite: t.procedure.input(as<Invite>()).mutation(({ input, ctx }) => insertInvitation(input.email, input.adminId, ctx.ip)),
  }),
  prisma: t.router({
    user: t.procedure.input(as<string>()).query(({ input }) => viaPrisma.selectUser(input)),
    invite: t.procedure.input(as<Invite>()).mutation(({ input, ctx }) => viaPrisma.insertInvitation(input.email, input.adminId, ctx.ip)),
  }),
});

const app = express();
app.get("/healthz", (_req, res) => void res.json({ ok: true }));
app.use("/trpc", createExpressMiddleware({ router, createContext: ({ req }) => ({ ip: req.ip }) }));

serve(app, async () => {
  await pool.end();
  await viaPrisma.close();
});
