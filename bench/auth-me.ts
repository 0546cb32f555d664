// Where auth.me's time goes: GET /trpc/auth.me with a session cookie on our server, beside the
// floor (plain Express + pg, one indexed SELECT per request), and beside that SELECT in a bare
// tRPC query, in pg (the tRPC floor) and through Prisma (the stack floor). Same database, same
// load: 50 connections. The target against Better Auth is in peer.ts; this says why.
import { createUsers, withDatabase } from "./lib/db.ts";
import { signIn, trpcQuery } from "./lib/http.ts";
import { measure } from "./lib/load.ts";
import { startOurServer } from "./lib/our-server.ts";
import { withServer } from "./lib/process.ts";
import { fmt, main, report } from "./lib/report.ts";
import { startFloor, startTrpcFloor } from "./lib/servers.ts";

await main("auth-me: GET /trpc/auth.me vs plain Express + pg SELECT, and the bare stack", () =>
  withDatabase(async (db) => {
    const [user] = await createUsers(db, ["me@bench.test"]);

    const [real, ceiling] = await withServer(startOurServer({ databaseUrl: db.url }), async (app) => {
      const cookie = await signIn(app.origin, user!.email);
      const me = (await trpcQuery(app.origin, "auth.me", cookie)) as { email: string } | null;
      if (me?.email !== user!.email) throw new Error(`auth.me did not see the session: ${JSON.stringify(me)}`);
      return [
        await measure(app, { url: `${app.origin}/trpc/auth.me`, headers: { cookie } }),
        // The same stack answering from memory: what tRPC and the middleware leave before any query.
        await measure(app, { url: `${app.origin}/trpc/auth.providers` }),
      ];
    });
    const base = await withServer(startFloor(db.url), (floor) => measure(floor, { url: `${floor.origin}/me/${user!.id}` }));
    const input = encodeURIComponent(JSON.stringify(user!.id));
    const [trpc, stack] = await withServer(startTrpcFloor(db.url), async (floors) => [
      await measure(floors, { url: `${floors.origin}/trpc/pg.user?input=${input}` }),
      await measure(floors, { url: `${floors.origin}/trpc/prisma.user?input=${input}` }),
    ]);

    report("auth-me", [
      { figure: "app auth.me (2xx)", value: fmt.rate(real!) },
      { figure: "floor SELECT (2xx)", value: fmt.rate(base) },
      { figure: "app / floor", value: fmt.ratio(real!.rps / base.rps) },
      { figure: "ceiling: no-I/O procedure / floor", value: `${fmt.rate(ceiling!)} = ${fmt.ratio(ceiling!.rps / base.rps)}` },
      { figure: "tRPC floor (bare tRPC + pg) / floor", value: `${fmt.rate(trpc!)} = ${fmt.ratio(trpc!.rps / base.rps)}` },
      { figure: "stack floor (bare tRPC + Prisma) / floor", value: `${fmt.rate(stack!)} = ${fmt.ratio(stack!.rps / base.rps)}` },
      { figure: "app / stack floor", value: fmt.ratio(real!.rps / stack!.rps) },
      { figure: "p99 latency app / stack / tRPC / floor", value: [real!, stack!, trpc!, base].map((r) => fmt.ms(r.p99Ms)).join(" / ") },
      {
        figure: "CPU/request app/no-I/O/stack/tRPC/floor",
        value: [real!, ceiling!, stack!, trpc!, base].map((r) => fmt.ms(r.cpuPerRequestMs)).join(" / "),
      },
      { figure: "peak RSS app / floor", value: `${fmt.mib(ceiling!.peakRssMiB)} / ${fmt.mib(base.peakRssMiB)}` },
    ]);
  }),
);
