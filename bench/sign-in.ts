// Sign-in throughput at the production Argon2id parameters, and whether the event loop keeps
// flowing meanwhile: /healthz is probed at a steady rate before and during the sign-in storm.
//
// Rate limits: each sign-in comes from its own IP (X-Forwarded-For, trusted with TRUST_PROXY=1
// on loopback), so signInPerIp (100 / 15 min) never trips; a successful sign-in clears its
// email's bucket, and the emails rotate over USERS accounts, so signInPerEmail never trips.
import { availableParallelism } from "node:os";
import { ARGON2_OPTIONS } from "../packages/api/src/index.ts";
import { createUsers, PASSWORD, withDatabase } from "./lib/db.ts";
import { jsonPost, signIn, trpcBody } from "./lib/http.ts";
import { load } from "./lib/load.ts";
import { fmt, main, report } from "./lib/report.ts";
import { startServer } from "./lib/server-process.ts";

const CONCURRENT = 16;
const USERS = 500;
const PROBE = { connections: 1, overallRate: 20 }; // a health checker, not extra load

await main("sign-in: auth.signIn storm, with /healthz probed meanwhile", () =>
  withDatabase(async (db) => {
    const users = await createUsers(db, Array.from({ length: USERS }, (_, i) => `signer${i}@bench.test`));
    const app = await startServer("app", { BENCH_DATABASE_URL: db.url, BENCH_TRUST_PROXY: "1" });
    await signIn(app.origin, users[0]!.email, { "x-forwarded-for": "10.255.255.1" }); // fails loudly if misconfigured

    const health = { url: `${app.origin}/healthz`, ...PROBE };
    const idle = await load({ ...health, duration: 3 });

    let n = 0;
    const storm = {
      url: `${app.origin}/trpc/auth.signIn`,
      connections: CONCURRENT,
      method: "POST" as const,
      requests: [
        {
          setupRequest: (request: object) => {
            n++;
            const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
            const email = users[n % USERS]!.email;
            return { ...request, headers: jsonPost(app.origin, { "x-forwarded-for": ip }), body: trpcBody({ email, password: PASSWORD }) };
          },
        },
      ],
    };
    await load({ ...storm, duration: 2 }); // warm-up
    await app.reset();
    const [signIns, busy] = await Promise.all([load(storm), load({ ...health, duration: 10 })]);
    const stats = await app.stats();
    await app.stop();

    const { memoryCost, timeCost, parallelism } = ARGON2_OPTIONS;
    report("sign-in", [
      { figure: "Argon2id parameters", value: `m=${memoryCost} KiB, t=${timeCost}, p=${parallelism}` },
      { figure: `sign-ins (${CONCURRENT} concurrent, 2xx)`, value: fmt.rate(signIns, 1) },
      { figure: "sign-in p50 / p99", value: `${fmt.ms(signIns.p50Ms)} / ${fmt.ms(signIns.p99Ms)}` },
      { figure: "server CPU per sign-in (all threads)", value: fmt.ms(stats.cpuMs / Math.max(signIns.ok, 1)) },
      { figure: "/healthz p99 idle / during storm", value: `${fmt.ms(idle.p99Ms)} / ${fmt.ms(busy.p99Ms)}` },
      { figure: "event-loop delay p99 / max (storm)", value: `${fmt.ms(stats.loopP99Ms)} / ${fmt.ms(stats.loopMaxMs)}` },
      { figure: "hashing threads / CPUs", value: `${stats.threadPool} libuv threads / ${availableParallelism()} CPUs` },
      { figure: "peak RSS", value: fmt.mb(stats.maxRssMB) },
    ]);
  }),
);

