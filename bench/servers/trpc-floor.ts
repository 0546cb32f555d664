// The tRPC floors: the floor's work inside bare tRPC v11 procedures, served by tRPC's own Express
// adapter. Nothing of the app: no helmet, logging, Origin check, sessions, rate limits, superjson
// or zod. `pg.*` does the work in plain pg (what tRPC alone leaves of the plain floor), `prisma.*`
// does the same statements through Prisma 7 (what the stack the app is built on leaves).
import { createServer } from "node:http";
import { listenOnLoopback, serveParent } from "../lib/child.ts";
import { insertInvitation, pool, requireFrom, selectUser } from "./floor-work.ts";
import { viaPrisma } from "./floor-work-prisma.ts";

const express = requireFrom("apps/server")("express");
const { createExpressMiddleware } = requireFrom("apps/server")("@trpc/server/adapters/express");
const { initTRPC } = requireFrom("packages/api")("@trpc/server");

type Invite = { email: string; adminId: string };
type Call<T> = { input: T; ctx: { ip?: string } };
// Unchecked input, as the plain floor's (tRPC hands a procedure no input without a parser).
const as = <T,>() => (raw: unknown) => raw as T;
const t = initTRPC.create();
const router = t.router({
  pg: t.router({
    user: t.procedure.input(as<string>()).query(({ input }: Call<string>) => selectUser(input)),
    invite: t.procedure
      .input(as<Invite>())
      .mutation(({ input, ctx }: Call<Invite>) => insertInvitation(input.email, input.adminId, ctx.ip)),
  }),
  prisma: t.router({
    user: t.procedure.input(as<string>()).query(({ input }: Call<string>) => viaPrisma.selectUser(input)),
    invite: t.procedure
      .input(as<Invite>())
      .mutation(({ input, ctx }: Call<Invite>) => viaPrisma.insertInvitation(input.email, input.adminId, ctx.ip)),
  }),
});

const app = express();
app.use("/trpc", createExpressMiddleware({ router, createContext: ({ req }: { req: { ip?: string } }) => ({ ip: req.ip }) }));

const server = createServer(app);
serveParent(await listenOnLoopback(server), async () => {
  await pool.end();
  await viaPrisma.close();
});
