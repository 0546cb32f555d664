// invitation.createMany: 10,000 new people in one call, over HTTP to our server on the
// production start path, on PostgreSQL. The figure is the whole request as an admin's browser
// sees it (body, checks, 20 chunk transactions of set-based SQL, the 10,000 answers), with
// every invitation's outbox email and audit event written. Target: under 10 s (issue 12).
// The outbox worker starts delivering (to the dev mailbox) as chunks commit, as it would live.
import { createUsers, withDatabase } from "./lib/db.ts";
import { jsonPost, signIn, trpcBody } from "./lib/http.ts";
import { startOurServer } from "./lib/our-server.ts";
import { withServer } from "./lib/process.ts";
import { main, report } from "./lib/report.ts";

const PEOPLE = 10_000;
const TARGET_SECONDS = 10;

type Answer = { result?: { data: { json: { results: Array<{ outcome: string }> } } } };

async function createMany(origin: string, cookie: string, emails: string[]) {
  const body = trpcBody({ people: emails.map((email) => ({ email })) });
  const started = performance.now();
  const response = await fetch(`${origin}/trpc/invitation.createMany`, { method: "POST", headers: jsonPost(origin, { cookie }), body });
  const text = await response.text();
  const seconds = (performance.now() - started) / 1000;
  if (!response.ok) throw new Error(`createMany: ${response.status} ${text.slice(0, 500)}`);
  const outcomes = ((JSON.parse(text) as Answer).result?.data.json.results ?? []).map((r) => r.outcome);
  return { seconds, outcomes, requestBytes: Buffer.byteLength(body), answerBytes: Buffer.byteLength(text) };
}

await main(`bulk-invite: invitation.createMany with ${PEOPLE.toLocaleString("en-US")} new people in one call`, () =>
  withDatabase(async (db) => {
    const [admin] = await createUsers(db, ["bulk-admin@bench.test"], "ADMIN");
    // The hourly allowance is a setting (500 by default): this admin may send the whole list.
    await db.db.prisma.settings.upsert({
      where: { id: 1 },
      create: { id: 1, invitesPerAdminPerHour: 20_000 },
      update: { invitesPerAdminPerHour: 20_000 },
    });

    const run = await withServer(startOurServer({ databaseUrl: db.url }), async (app) => {
      const cookie = await signIn(app.origin, admin!.email);
      // A small list first, so the figure is not the first request's JIT and connections.
      await createMany(app.origin, cookie, Array.from({ length: 50 }, (_, i) => `warm${i}@warmup.bench.test`));
      return createMany(app.origin, cookie, Array.from({ length: PEOPLE }, (_, i) => `person${i}@bulk.bench.test`));
    });

    // Every person invited, each with exactly one outbox email and one audit event.
    const [check] = await db.db.prisma.$queryRaw<Array<{ invitations: number; emails: number; audit: number }>>`
      SELECT (SELECT count(*)::int FROM "Invitation" WHERE "email" LIKE '%@bulk.bench.test') AS invitations,
             (SELECT count(*)::int FROM "EmailMessage" WHERE "to" LIKE '%@bulk.bench.test' AND "reminderForId" IS NULL) AS emails,
             (SELECT count(*)::int FROM "AuditEvent" e JOIN "Invitation" i ON i."id" = e."targetId"
               WHERE e."action" = 'invitation.create' AND i."email" LIKE '%@bulk.bench.test') AS audit`;
    const complete =
      run.outcomes.length === PEOPLE &&
      run.outcomes.every((outcome) => outcome === "invited") &&
      check!.invitations === PEOPLE &&
      check!.emails === PEOPLE &&
      check!.audit === PEOPLE;
    const rows = `${check!.invitations} invitations, ${check!.emails} emails, ${check!.audit} audit events`;
    report("bulk-invite", [
      {
        figure: `createMany, ${PEOPLE.toLocaleString("en-US")} new people`,
        value: `${run.seconds.toFixed(2)} s (${rows}${complete ? "" : ": INCOMPLETE"}; body ${Math.round(run.requestBytes / 1024)} KB, answer ${(run.answerBytes / 1024 / 1024).toFixed(1)} MB)`,
        target: `< ${TARGET_SECONDS} s, all written`,
        met: complete && run.seconds < TARGET_SECONDS,
      },
    ]);
  }),
);
