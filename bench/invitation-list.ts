// invitation.list in-process (createCaller, as packages/api/test/support/api.ts does) over
// 100,000 invitations: p50/p95 per filter. A case that misses its target gets the EXPLAIN
// ANALYZE of the SQL Prisma ran for it, captured from a second, query-logging client.
import { readFileSync } from "node:fs";
import { type Context, createCaller, createInnerContext, createServices } from "@invite/api";
import type { Database, PrismaClient } from "@invite/db";
import { createUsers, withDatabase } from "./lib/db.ts";
import { fmt, main, report, type Figure } from "./lib/report.ts";

const ROWS = 100_000;
const WARMUP = 20;
const ITERATIONS = 200;
const TARGET_P95_MS = 15;

type ListInput = Parameters<ReturnType<typeof createCaller>["invitation"]["list"]>[0];

await main(`invitation-list: invitation.list over ${fmt.int(ROWS)} invitations`, () =>
  withDatabase(async (db) => {
    const [admin] = await createUsers(db, ["admin@bench.test"], "ADMIN");
    const { prisma } = db.db;
    await prisma.$executeRawUnsafe(readFileSync(new URL("lib/seed-invitations.sql", import.meta.url), "utf8"), ROWS, admin!.id);
    await prisma.$executeRawUnsafe('ANALYZE "Invitation", "EmailMessage", "User"');

    const services = createServices({ db: db.db, config: { appUrl: "http://127.0.0.1" } });
    const api = createCaller(createInnerContext(services, { user: admin!, sessionId: "bench" }));
    const someone = (await prisma.invitation.findFirstOrThrow({ skip: ROWS / 2, select: { email: true } })).email;
    const firstPage = await api.invitation.list({ status: "PENDING" });
    const cases: [string, ListInput][] = [
      ["status=PENDING", { status: "PENDING" }],
      [`search "${someone}"`, { search: someone }],
      [`search "olivia"`, { search: "olivia" }],
      ['status=PENDING + search "olivia"', { status: "PENDING", search: "olivia" }],
      ["status=PENDING, page 2 (cursor)", { status: "PENDING", cursor: firstPage.nextCursor ?? undefined }],
    ];

    const figures: Figure[] = [];
    const misses: [string, ListInput][] = [];
    for (const [name, input] of cases) {
      for (let i = 0; i < WARMUP; i++) await api.invitation.list(input);
      const times: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        const start = performance.now();
        await api.invitation.list(input);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const [p50, p95] = [times[ITERATIONS * 0.5]!, times[ITERATIONS * 0.95]!];
      figures.push({ figure: name, value: `p50 ${fmt.ms(p50)}, p95 ${fmt.ms(p95)}`, target: `p95 < ${TARGET_P95_MS} ms`, met: p95 < TARGET_P95_MS });
      if (p95 >= TARGET_P95_MS) misses.push([name, input]);
    }
    report("invitation-list", figures);
    for (const [name, input] of misses) await explain(db.db, admin!, name, input);
  }),
);

/**
 * Runs the case once through a query-logging client, EXPLAIN ANALYZEs each SQL statement it sent,
 * and prints each one's execution time and the whole plan of the most expensive.
 */
async function explain(database: Database, admin: NonNullable<Context["user"]>, name: string, input: ListInput) {
  // @invite/db exports PrismaClient as a type only: the class comes from the client it opened.
  const Client = database.prisma.constructor as typeof PrismaClient;
  const prisma = new Client({ adapter: database.adapter, log: [{ emit: "event", level: "query" }] });
  const queries: { query: string; params: string }[] = [];
  prisma.$on("query", (event) => queries.push(event));
  try {
    const services = createServices({ db: { ...database, prisma }, config: { appUrl: "http://127.0.0.1" } });
    await createCaller(createInnerContext(services, { user: admin, sessionId: "bench" })).invitation.list(input);
    console.log(`\n  EXPLAIN ANALYZE, ${name}:`);
    let worst = { ms: -1, plan: [] as string[], sql: "" };
    for (const { query, params } of queries.splice(0)) {
      const rows = await prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${query}`, ...JSON.parse(params));
      const plan = rows.map((row) => row["QUERY PLAN"]);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(plan.at(-1) ?? "")?.[1] ?? 0);
      console.log(`    ${fmt.ms(ms).padStart(8)}  ${query.replace(/SELECT .*? FROM/, "SELECT … FROM").slice(0, 160)}…  ${params.slice(0, 60)}…`);
      if (ms > worst.ms) worst = { ms, plan, sql: query };
    }
    for (const line of worst.plan) console.log(`      ${line}`);
  } finally {
    await prisma.$disconnect();
  }
}
