// Sign-in throughput at the production Argon2id parameters, and whether the event loop keeps
// flowing meanwhile: /healthz is probed at a steady rate before and during the sign-in storm.
//
// Rate limits: each sign-in comes from its own address (X-Forwarded-For, trusted with
// TRUST_PROXY=1 on loopback), so signInPerIp (100 / 15 min) never trips; a successful sign-in
// clears its email's bucket, and the emails rotate over USERS accounts, so signInPerEmail never trips.
import { availableParallelism } from "node:os";
import { ARGON2_OPTIONS } from "@invite/api";
import { createUsers, PASSWORD, withDatabase } from "./lib/db.ts";
import { jsonPost, signIn, trpcBody } from "./lib/http.ts";
import { DURATION_S, load, WARMUP_S } from "./lib/load.ts";
import { startOurServer } from "./lib/our-server.ts";
import { clientAddress } from "./lib/peer-setup.ts";
import { withServer } from "./lib/process.ts";
import { fmt, main, report } from "./lib/report.ts";

const CONCURRENT = 16;
const USERS = 500;
const PROBE = { connections: 1, overallRate: 20 }; // a health checker, not extra load

await main("sign-in: auth.signIn storm, with /healthz probed meanwhile", () =>
  withDatabase(async (db) => {
    const users = await createUsers(db, Array.from({ length: USERS }, (_, i) => `signer${i}@bench.test`));
    await withServer(startOurServer({ databaseUrl: db.url, trustProxy: "1" }), async (app) => {
      await signIn(app.origin, users[0]!.email, { "x-forwarded-for": clientAddress(0) }); // fails loudly if misconfigured

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
              const email = users[n % USERS]!.email;
              return { ...request, headers: jsonPost(app.origin, { "x-forwarded-for": clientAddress(n) }), body: trpcBody({ email, password: PASSWORD }) };
            },
          },
        ],
      };
      if (WARMUP_S > 0) await load({ ...storm, duration: WARMUP_S });
      const cpuBefore = app.cpuMs();
      const [signIns, busy] = await Promise.all([load(storm), load({ ...health, duration: DURATION_S })]);
      const cpuMs = app.cpuMs() - cpuBefore;

      const { memoryCost, timeCost, parallelism } = ARGON2_OPTIONS;
      report("sign-in", [
        { figure: "Argon2id parameters", value: `m=${memoryCost} KiB, t=${timeCost}, p=${parallelism}` },
        { figure: `sign-ins (${CONCURRENT} concurrent, 2xx)`, value: fmt.rate(signIns, 1) },
        { figure: "sign-in p50 / p99", value: `${fmt.ms(signIns.p50Ms)} / ${fmt.ms(signIns.p99Ms)}` },
        { figure: "server CPU per sign-in (all threads)", value: fmt.ms(cpuMs / Math.max(signIns.ok, 1)) },
        { figure: "/healthz p99 idle / during storm", value: `${fmt.ms(idle.p99Ms)} / ${fmt.ms(busy.p99Ms)}` },
        { figure: "hashing threads / CPUs", value: `${process.env.UV_THREADPOOL_SIZE ?? 4} libuv threads / ${availableParallelism()} CPUs` },
        { figure: "peak RSS", value: fmt.mib(app.memory().peakMiB) },
      ]);
    });
  }),
);
