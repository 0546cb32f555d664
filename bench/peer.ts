// Ours beside Better Auth (with its organization plugin) and the floor (plain Express + pg), in
// one run on one PostgreSQL, each server in a process and a database of its own: the session
// check, invitation create and sign-in under the same load, then each server's memory.
import { availableParallelism, loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { betterAuthPost } from "./lib/better-auth-client.ts";
import { type BenchDatabase, PASSWORD, withDatabases } from "./lib/db.ts";
import { jsonPost, trpcBody } from "./lib/http.ts";
import { DURATION_S, type LoadOptions, type Measured, measure } from "./lib/load.ts";
import { ourServerCommand, startOurServer } from "./lib/our-server.ts";
import * as setup from "./lib/peer-setup.ts";
import { IDLE_AFTER_MS, type ServerProcess, stopAll } from "./lib/process.ts";
import { type Figure, fmt, main, printTable } from "./lib/report.ts";
import { startBetterAuth, startFloor } from "./lib/servers.ts";

const SPEED_TARGET = 3; // ours at least 3× Better Auth's req/s
const IDLE_RSS_TARGET_MIB = 150;
const START_PEAK_TARGET_MIB = 400;
const DRAIN_LIMIT_MS = 300_000;

/** POSTs with the nth request's headers and body, so each request can differ (a new email). */
function eachRequest(url: string, connections: number, request: (n: number) => { headers: Record<string, string>; body: string }): LoadOptions {
  let n = 0;
  return { url, method: "POST", connections, requests: [{ setupRequest: (defaults) => ({ ...defaults, ...request(++n) }) }] };
}

interface Memory {
  readyPeakMiB: number;
  idleMiB: number;
}

/** Starts a server and notes its memory: the peak from start to ready, and its RSS once idle. */
async function started(servers: ServerProcess[], memory: Map<ServerProcess, Memory>, start: () => Promise<ServerProcess>) {
  const server = await start();
  servers.push(server);
  const readyPeakMiB = server.memory().peakMiB;
  await sleep(IDLE_AFTER_MS);
  memory.set(server, { readyPeakMiB, idleMiB: server.memory().rssMiB });
  return server;
}

await main("peer: ours vs Better Auth 1.7 (organization plugin) vs the floor, on one PostgreSQL", () =>
  withDatabases([{ migrate: true }, { migrate: false }, { migrate: true }], async ([oursDb, peerDb, floorDb]) => {
    const loadAtStart = loadavg();
    console.log(`  our server: ${ourServerCommand().description}`);
    console.log(`  load average at start: ${loadAtStart.map((l) => l.toFixed(2)).join(" ")} (${availableParallelism()} CPUs)`);

    await setup.seedOurs(oursDb!);
    const floorReady = await setup.seedFloor(floorDb!);
    const servers: ServerProcess[] = [];
    const memory = new Map<ServerProcess, Memory>();
    try {
      const ours = await started(servers, memory, () => startOurServer({ databaseUrl: oursDb!.url, trustProxy: "1" }));
      const peer = await started(servers, memory, () => startBetterAuth(peerDb!.url));
      const floor = await started(servers, memory, () => startFloor(floorDb!.url));
      const oursReady = await setup.signInOurs(ours);
      const peerReady = await setup.signUpPeer(peer);
      await setup.checkFloor(floor, floorReady);
      const { admins } = oursReady;
      const { owners } = peerReady;
      const { adminIds } = floorReady;

      console.log(`  session check, 50 connections, ${DURATION_S} s each…`);
      const session = {
        ours: await measure(ours, { url: `${ours.origin}/trpc/auth.me`, headers: { cookie: oursReady.meCookie } }),
        peer: await measure(peer, { url: `${peer.origin}/api/auth/get-session`, headers: { cookie: peerReady.meCookie } }),
        floor: await measure(floor, { url: `${floor.origin}/me/${floorReady.meId}` }),
      };

      console.log(`  invitation create, 50 connections, a new email per request…`);
      const oursInvite = await measure(
        ours,
        eachRequest(`${ours.origin}/trpc/invitation.create`, 50, (n) => ({
          headers: jsonPost(ours.origin, { cookie: admins[n % admins.length]!.cookie }),
          body: trpcBody({ email: `u${n}@bench.test` }),
        })),
      );
      // Our outbox worker sends those emails now; the next server is loaded once it is done.
      const drainMs = await drainOutbox(oursDb!);
      const invite = {
        ours: oursInvite,
        peer: await measure(
          peer,
          eachRequest(`${peer.origin}/api/auth/organization/invite-member`, 50, (n) => {
            const owner = owners[n % owners.length]!;
            return {
              headers: betterAuthPost(peer.origin, { cookie: owner.cookie }),
              body: JSON.stringify({ email: `u${n}@bench.test`, role: "member", organizationId: owner.organizationId }),
            };
          }),
        ),
        floor: await measure(
          floor,
          eachRequest(`${floor.origin}/invite`, 50, (n) => ({
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ email: `u${n}@bench.test`, adminId: adminIds[n % adminIds.length] }),
          })),
        ),
      };
      const integrity = await checkInvitations(invite, oursDb!, peerDb!, floorDb!);

      console.log("  sign-in, 10 connections…");
      const signIns = {
        ours: await measure(
          ours,
          eachRequest(`${ours.origin}/trpc/auth.signIn`, 10, (n) => ({
            headers: jsonPost(ours.origin, { "x-forwarded-for": setup.clientAddress(n) }),
            body: trpcBody({ email: admins[n % admins.length]!.email, password: PASSWORD }),
          })),
        ),
        peer: await measure(
          peer,
          eachRequest(`${peer.origin}/api/auth/sign-in/email`, 10, (n) => ({
            headers: betterAuthPost(peer.origin),
            body: JSON.stringify({ email: owners[n % owners.length]!.email, password: PASSWORD }),
          })),
        ),
      };

      const peak = (server: ServerProcess) => server.memory().peakMiB;
      const mem = (server: ServerProcess) => memory.get(server)!;
      const loadAtEnd = loadavg();
      const ratio = (a: number, b: number) => (a > 0 && b > 0 ? fmt.ratio(a / b) : "—");
      // A side that answered nothing in the window proves nothing either way.
      const faster = (r: { ours: Measured; peer: Measured }) => r.peer.ok > 0 && r.ours.rps >= SPEED_TARGET * r.peer.rps;
      const rates = (r: { ours: Measured; peer: Measured; floor?: Measured }, digits = 0) =>
        [fmt.rate(r.ours, digits), fmt.rate(r.peer, digits), r.floor ? fmt.rate(r.floor, digits) : "—", ratio(r.ours.rps, r.peer.rps)];
      const cpu = (r: { ours: Measured; peer: Measured; floor?: Measured }) =>
        [fmt.ms(r.ours.cpuPerRequestMs), fmt.ms(r.peer.cpuPerRequestMs), r.floor ? fmt.ms(r.floor.cpuPerRequestMs) : "—", ratio(r.ours.cpuPerRequestMs, r.peer.cpuPerRequestMs)];
      const p99 = (r: { ours: Measured; peer: Measured; floor?: Measured }) =>
        [fmt.ms(r.ours.p99Ms), fmt.ms(r.peer.p99Ms), r.floor ? fmt.ms(r.floor.p99Ms) : "—", ""];
      const mib = (f: (server: ServerProcess) => number) => [fmt.mib(f(ours)), fmt.mib(f(peer)), fmt.mib(f(floor)), ratio(f(ours), f(peer))];
      const target = (name: string, met: boolean) => [name, met ? "met" : "MISSED"];

      const rows: [string, string[], string[]][] = [
        ["session check req/s (c=50)", rates(session), target(`≥ ${SPEED_TARGET}×`, faster(session))],
        ["  CPU per request", cpu(session), []],
        ["  p99 latency", p99(session), []],
        ["invitation create req/s (c=50)", rates(invite), target(`≥ ${SPEED_TARGET}×`, faster(invite))],
        ["  CPU per request", cpu(invite), []],
        ["  p99 latency", p99(invite), []],
        ["  2xx → rows of requests sent", integrity.cells, target("none lost or doubled", integrity.ok)],
        ["sign-in/s (c=10)", rates(signIns, 1), []],
        ["  CPU per sign-in", cpu(signIns), []],
        ["  p99 latency", p99(signIns), []],
        ["RSS peak, start to ready", mib((s) => mem(s).readyPeakMiB), target(`ours ≤ ${START_PEAK_TARGET_MIB} MiB`, mem(ours).readyPeakMiB <= START_PEAK_TARGET_MIB)],
        [`RSS idle (${IDLE_AFTER_MS / 1000} s after ready)`, mib((s) => mem(s).idleMiB), target(`ours ≤ ${IDLE_RSS_TARGET_MIB} MiB`, mem(ours).idleMiB <= IDLE_RSS_TARGET_MIB)],
        ["RSS peak over the run", mib(peak), target("ours ≤ Better Auth's", peak(ours) <= peak(peer))],
      ];
      console.log("");
      printTable([
        ["figure", "ours", "Better Auth", "floor", "ours/BA", "target", ""],
        ...rows.map(([figure, cells, verdict]) => [figure, ...cells, ...verdict]),
      ]);
      console.log(`\n  our outbox sent its ${fmt.int(integrity.oursRows)} invitation emails ${drainMs === null ? `NOT within ${DRAIN_LIMIT_MS / 1000} s` : `${(drainMs / 1000).toFixed(1)} s after the load`}`);
      console.log(`  load average at start: ${loadAtStart.map((l) => l.toFixed(2)).join(" ")}, at end: ${loadAtEnd.map((l) => l.toFixed(2)).join(" ")}`);
      if (Math.max(loadAtStart[0]!, loadAtEnd[0]!) > availableParallelism() / 2) {
        console.log("  (the machine was busy: targets are only meaningful on a quiet machine)");
      }

      const figures: Figure[] = rows.map(([figure, cells, [goal, verdict]]) => ({
        figure: figure.trim(),
        value: `ours ${cells[0]} · BA ${cells[1]} · floor ${cells[2]}${cells[3] ? ` = ${cells[3]}` : ""}`,
        ...(goal ? { target: goal, met: verdict === "met" } : {}),
      }));
      figures.push({ figure: "load average start / end", value: `${loadAtStart[0]!.toFixed(2)} / ${loadAtEnd[0]!.toFixed(2)}` });
      process.send?.({ bench: "peer", figures });
    } finally {
      await stopAll(servers);
    }
  }),
);

/** Waits until our outbox worker has sent every queued email; its time, or null past the limit. */
async function drainOutbox(db: BenchDatabase): Promise<number | null> {
  const start = Date.now();
  while (Date.now() - start < DRAIN_LIMIT_MS) {
    const [{ queued }] = await db.db.prisma.$queryRaw<[{ queued: number }]>`
      SELECT count(*)::int AS queued FROM "EmailMessage" WHERE status = 'QUEUED' AND "reminderForId" IS NULL`;
    if (queued === 0) return Date.now() - start;
    await sleep(500);
  }
  return null;
}

/**
 * No 2xx lost: every answered invitation is a row. None doubled: no more rows than requests sent
 * (one cut off when a load stops, or given up after autocannon's 10 s, may still commit), and on
 * ours exactly one outbox email per invitation.
 */
async function checkInvitations(
  invite: Record<"ours" | "peer" | "floor", Measured>,
  oursDb: BenchDatabase,
  peerDb: BenchDatabase,
  floorDb: BenchDatabase,
) {
  const count = async (db: BenchDatabase, table: string) =>
    (await db.db.prisma.$queryRawUnsafe<[{ n: number }]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const [{ mismatched }] = await oursDb.db.prisma.$queryRaw<[{ mismatched: number }]>`
    SELECT count(*)::int AS mismatched FROM "Invitation" i
     WHERE (SELECT count(*) FROM "EmailMessage" e WHERE e."invitationId" = i.id AND e."reminderForId" IS NULL) <> 1`;
  const rows = {
    ours: await count(oursDb, '"Invitation"'),
    peer: (await count(peerDb, "invitation")) - setup.PEER_SETUP_INVITATIONS,
    floor: await count(floorDb, '"Invitation"'),
  };
  // Each sent invitation email queues its reminder for a day later: those are not counted.
  const oursOutbox = await count(oursDb, '"EmailMessage" WHERE "reminderForId" IS NULL');
  const answered = (m: Measured) => m.warmupOk + m.ok;
  const sent = (m: Measured) => m.warmupSent + m.sent;
  const sound = (side: keyof typeof rows) => rows[side] >= answered(invite[side]) && rows[side] <= sent(invite[side]);
  const cell = (side: keyof typeof rows) => `${fmt.int(answered(invite[side]))} → ${fmt.int(rows[side])} of ${fmt.int(sent(invite[side]))}`;
  return {
    ok: sound("ours") && sound("peer") && sound("floor") && oursOutbox === rows.ours && mismatched === 0,
    oursRows: rows.ours,
    cells: [`${cell("ours")}, ${fmt.int(oursOutbox)} emails, ${mismatched} not 1:1`, cell("peer"), cell("floor"), ""],
  };
}
