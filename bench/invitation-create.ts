// Where invitation.create's time goes: our server beside the floor (plain Express + pg doing the
// same three inserts, invitation, outbox email, audit event, in one transaction), and beside that
// transaction in a bare tRPC mutation, in pg (the tRPC floor) and through Prisma (the stack
// floor). 50 connections. The target against Better Auth is in peer.ts; this says why.
//
// Rate limits: invitesPerAdmin allows 500 per admin per hour, so the requests rotate over 50
// admin sessions: 25,000 invitations an hour before any admin is limited, far above what one
// process serves in a run. Any 429 would show up in the failed count. Every email is new, so
// invitesPerRecipient (5 per email) never trips.
import { createUsers, withDatabase } from "./lib/db.ts";
import { jsonPost, signIn, trpcBody } from "./lib/http.ts";
import { measure, type LoadOptions } from "./lib/load.ts";
import { startOurServer } from "./lib/our-server.ts";
import { withServer } from "./lib/process.ts";
import { fmt, main, report } from "./lib/report.ts";
import { startFloor, startTrpcFloor } from "./lib/servers.ts";

const ADMINS = 50;

/** POSTs to `url` with the nth request's headers and body: a fresh email each time. */
function inviteLoad(url: string, request: (n: number) => { headers: Record<string, string>; body: string }): LoadOptions {
  let n = 0;
  return { url, method: "POST", requests: [{ setupRequest: (defaults) => ({ ...defaults, ...request(++n) }) }] };
}

await main("invitation-create: invitation.create vs plain pg transaction, and the bare stack", () =>
  withDatabase(async (db) => {
    const admins = await createUsers(db, Array.from({ length: ADMINS }, (_, i) => `admin${i}@bench.test`), "ADMIN");

    const real = await withServer(startOurServer({ databaseUrl: db.url }), async (app) => {
      const cookies = await Promise.all(admins.map((admin) => signIn(app.origin, admin.email)));
      return measure(
        app,
        inviteLoad(`${app.origin}/trpc/invitation.create`, (n) => ({
          headers: jsonPost(app.origin, { cookie: cookies[n % ADMINS]! }),
          body: trpcBody({ email: `u${n}@bench.test` }),
        })),
      );
    });

    // Every invitation the app committed has exactly one queued email, and no email is orphaned.
    const [check] = await db.db.prisma.$queryRaw<{ invitations: number; outbox: number; mismatched: number }[]>`
      SELECT (SELECT count(*)::int FROM "Invitation") AS invitations,
             (SELECT count(*)::int FROM "EmailMessage" WHERE "reminderForId" IS NULL) AS outbox,
             (SELECT count(*)::int FROM "Invitation" i
               WHERE (SELECT count(*) FROM "EmailMessage" e
                       WHERE e."invitationId" = i.id AND e."reminderForId" IS NULL) <> 1) AS mismatched`;
    const outboxOk = check!.invitations === check!.outbox && check!.mismatched === 0 && check!.invitations >= real.warmupOk + real.ok &&
      check!.invitations <= real.warmupSent + real.sent;

    // The floors invite through the same admins, each with emails of its own.
    const floorLoad = (url: string, domain: string) =>
      inviteLoad(url, (n) => ({
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: `u${n}@${domain}`, adminId: admins[n % ADMINS]!.id }),
      }));
    const base = await withServer(startFloor(db.url), (floor) => measure(floor, floorLoad(`${floor.origin}/invite`, "floor.bench.test")));
    const [trpc, stack] = await withServer(startTrpcFloor(db.url), async (floors) => [
      await measure(floors, floorLoad(`${floors.origin}/trpc/pg.invite`, "trpc.bench.test")),
      await measure(floors, floorLoad(`${floors.origin}/trpc/prisma.invite`, "stack.bench.test")),
    ]);

    report("invitation-create", [
      { figure: "app invitation.create (2xx)", value: fmt.rate(real) },
      { figure: "floor insert transaction (2xx)", value: fmt.rate(base) },
      { figure: "app / floor", value: fmt.ratio(real.rps / base.rps) },
      { figure: "tRPC floor (bare tRPC + pg) / floor", value: `${fmt.rate(trpc!)} = ${fmt.ratio(trpc!.rps / base.rps)}` },
      { figure: "stack floor (bare tRPC + Prisma) / floor", value: `${fmt.rate(stack!)} = ${fmt.ratio(stack!.rps / base.rps)}` },
      { figure: "app / stack floor", value: fmt.ratio(real.rps / stack!.rps) },
      { figure: "p99 latency app / stack / tRPC / floor", value: [real, stack!, trpc!, base].map((r) => fmt.ms(r.p99Ms)).join(" / ") },
      {
        figure: "CPU/request app / stack / tRPC / floor",
        value: [real, stack!, trpc!, base].map((r) => fmt.ms(r.cpuPerRequestMs)).join(" / "),
      },
      {
        figure: "2xx → invitations == outbox rows",
        value: `${fmt.int(real.warmupOk + real.ok)} → ${fmt.int(check!.invitations)} == ${fmt.int(check!.outbox)}, ${check!.mismatched} without exactly one`,
        target: "none lost or doubled",
        met: outboxOk,
      },
    ]);
  }),
);
