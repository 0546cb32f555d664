// analytics.summary in-process (createCaller, as invitation-list.ts does) over 100,000 invitations
// made over a year by five admins, most delivered, seven in ten opened: p50/p95 for the periods
// the analytics page offers (7, 30 and 90 days) and the longest it allows (a year: every row).
import { readFileSync } from "node:fs";
import { createCaller, createInnerContext, createServices, runMaintenance } from "@invite/api";
import { createUsers, withDatabase } from "./lib/db.ts";
import { fmt, main, report, type Figure } from "./lib/report.ts";

const ROWS = 100_000;
const WARMUP = 10;
const ITERATIONS = 100;
const TARGET_P95_MS = 50;
const DAY_MS = 86_400_000;

await main(`analytics: analytics.summary over ${fmt.int(ROWS)} invitations`, () =>
  withDatabase(async (db) => {
    const admins = await createUsers(db, [1, 2, 3, 4, 5].map((i) => `admin-${i}@bench.test`), "ADMIN");
    const { prisma } = db.db;
    await prisma.$executeRawUnsafe(readFileSync(new URL("lib/seed-invitations.sql", import.meta.url), "utf8"), ROWS, admins[0]!.id);
    // Spread the invitations over the five admins; the accepted ones took from a minute to two
    // days (log-uniform: every bucket of the rollup's time-to-accept histogram gets some, the
    // worst case for its size), opened before; half the others opened too.
    await prisma.$executeRawUnsafe(
      `UPDATE "Invitation" AS i SET "invitedById" = ($1::text[])[1 + abs(hashtext(i.id)) % 5],
         "acceptedAt" = CASE WHEN i.status = 'ACCEPTED' THEN least(now(), i."createdAt" + r.took) END,
         "firstViewedAt" = CASE WHEN i.status = 'ACCEPTED' THEN i."createdAt" + r.took * random()
                                WHEN random() < 0.5 THEN i."createdAt" + random() * interval '1 hour' END
       FROM (SELECT id, exp(random() * ln(48 * 60)) * interval '1 minute' AS took FROM "Invitation") AS r
       WHERE r.id = i.id`,
      admins.map((admin) => admin.id),
    );
    await prisma.$executeRawUnsafe('VACUUM ANALYZE "Invitation"');
    await prisma.$executeRawUnsafe('VACUUM ANALYZE "EmailMessage"');

    const services = createServices({ db: db.db, config: { appUrl: "http://127.0.0.1" } });
    // As a running server's maintenance job would within ten minutes: the rollup compacted.
    await runMaintenance(services);
    await prisma.$executeRawUnsafe('VACUUM ANALYZE "InvitationStat"');
    const api = createCaller(createInnerContext(services, { user: admins[0]!, sessionId: "bench" }));
    const figures: Figure[] = [];
    for (const days of [7, 30, 90, 365]) {
      const to = new Date();
      const input = { from: new Date(to.getTime() - days * DAY_MS), to };
      for (let i = 0; i < WARMUP; i++) await api.analytics.summary(input);
      const times: number[] = [];
      let sent = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        const start = performance.now();
        sent = (await api.analytics.summary(input)).sent;
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const [p50, p95] = [times[ITERATIONS * 0.5]!, times[ITERATIONS * 0.95]!];
      figures.push({
        figure: `last ${days} days (${fmt.int(sent)} invitations)`,
        value: `p50 ${fmt.ms(p50)}, p95 ${fmt.ms(p95)}`,
        target: `p95 < ${TARGET_P95_MS} ms`,
        met: p95 < TARGET_P95_MS,
      });
    }
    report("analytics", figures);
  }),
);
