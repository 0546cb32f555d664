// GET /trpc/auth.me with a session cookie on the real app, beside a floor: plain Express + pg
// doing one indexed SELECT per request; and beside that SELECT in a bare tRPC query, in pg (the
// tRPC floor) and through Prisma (the stack floor). Same database, same load: 50 connections
// for 10 s each.
import { createUsers, withDatabase } from "./lib/db.ts";
import { signIn, trpcQuery } from "./lib/http.ts";
import { measure } from "./lib/load.ts";
import { fmt, main, report } from "./lib/report.ts";
import { startServer } from "./lib/server-process.ts";

await main("auth-me: GET /trpc/auth.me vs plain Express + pg SELECT", () =>
  withDatabase(async (db) => {
    const [user] = await createUsers(db, ["me@bench.test"]);

    const app = await startServer("app", { BENCH_DATABASE_URL: db.url });
    const cookie = await signIn(app.origin, user!.email);
    const me = (await trpcQuery(app.origin, "auth.me", cookie)) as { email: string } | null;
    if (me?.email !== user!.email) throw new Error(`auth.me did not see the session: ${JSON.stringify(me)}`);
    const real = await measure(app, { url: `${app.origin}/trpc/auth.me`, headers: { cookie } });
    // The same stack answering from memory: what tRPC and the middleware leave before any query.
    const ceiling = await measure(app, { url: `${app.origin}/trpc/auth.providers` });
    await app.stop();

    const floor = await startServer("floor", { BENCH_DATABASE_URL: db.url });
    const base = await measure(floor, { url: `${floor.origin}/me/${user!.id}` });
    await floor.stop();

    const trpcFloors = await startServer("trpc-floor", { BENCH_DATABASE_URL: db.url });
    const input = encodeURIComponent(JSON.stringify(user!.id));
    const trpc = await measure(trpcFloors, { url: `${trpcFloors.origin}/trpc/pg.user?input=${input}` });
    const stack = await measure(trpcFloors, { url: `${trpcFloors.origin}/trpc/prisma.user?input=${input}` });
    await trpcFloors.stop();

    const ratio = real.rps / base.rps;
    report("auth-me", [
      { figure: "app auth.me (2xx)", value: fmt.rate(real) },
      { figure: "floor SELECT (2xx)", value: fmt.rate(base) },
      { figure: "app / floor", value: fmt.ratio(ratio), target: "≥ 0.6×", met: ratio >= 0.6 },
      { figure: "ceiling: no-I/O procedure / floor", value: `${fmt.rate(ceiling)} = ${fmt.ratio(ceiling.rps / base.rps)}` },
      { figure: "tRPC floor (bare tRPC + pg) / floor", value: `${fmt.rate(trpc)} = ${fmt.ratio(trpc.rps / base.rps)}` },
      { figure: "stack floor (bare tRPC + Prisma) / floor", value: `${fmt.rate(stack)} = ${fmt.ratio(stack.rps / base.rps)}` },
      { figure: "app / stack floor", value: fmt.ratio(real.rps / stack.rps) },
      { figure: "p99 latency app / stack / tRPC / floor", value: [real, stack, trpc, base].map((r) => fmt.ms(r.p99Ms)).join(" / ") },
      {
        figure: "CPU/request app/no-I/O/stack/tRPC/floor",
        value: [real, ceiling, stack, trpc, base].map((r) => fmt.ms(r.cpuPerRequestMs)).join(" / "),
      },
      { figure: "peak RSS app / floor", value: `${fmt.mb(real.maxRssMB)} / ${fmt.mb(base.maxRssMB)}` },
    ]);
  }),
);
