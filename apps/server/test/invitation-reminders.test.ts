// Reminder emails before an invitation expires (issue 15 item 2, packages/api/src/invitations/
// reminders.ts): scheduled by the outbox worker when the invitation email is sent, delivered over
// real SMTP with the invitation's current link, once, on the fake clock; on both databases.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import { createCaller, createInnerContext, createServices, REMINDER_TEMPLATE, type Services } from "@invite/api";
import { openDatabase, type Database } from "@invite/db";
import { createTestDatabase } from "@invite/db/testing";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { REMINDER_CANCELLED } from "../../../packages/api/src/invitations/reminders.ts";
import { SUPERSEDED } from "../../../packages/api/src/invitations/shared.ts";
import { createMailTransport, startOutboxWorker, type MailTransport, type OutboxWorker } from "../src/mail/index.ts";
import { APP_URL, FakeClock, FROM, HOUR } from "./support/outbox.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";

const silent = pino({ level: "silent" });
const STRONG_PASSWORD = "correct horse battery staple 42";
const MINUTE = 60_000;

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let clock: FakeClock;
let services: Services;
let sink: SmtpSink;
let transport: MailTransport;
let admin: ReturnType<typeof createCaller>;
const cleanups: Array<() => Promise<void>> = [];
const sealingKey = randomBytes(32);

beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.drop();
});

beforeEach(async () => {
  clock = new FakeClock();
  services = createServices({ db: testDb.db, clock, config: { appUrl: APP_URL, version: "test" }, sealingKey });
  sink = await startSmtpSink();
  transport = createMailTransport({ smtpUrl: sink.url, from: FROM, logger: silent });
  const { prisma } = testDb.db;
  await prisma.emailMessage.deleteMany();
  await prisma.invitation.deleteMany();
  await prisma.settings.deleteMany();
  const user = await prisma.user.create({
    data: { email: `alice-${randomBytes(4).toString("hex")}@example.com`, name: "Alice Martin", role: "ADMIN" },
    include: { accounts: { select: { provider: true } } },
  });
  admin = createCaller(createInnerContext(services, { user, sessionId: "reminder-test", request: { ip: "203.0.113.9", userAgent: "vitest" } }));
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  await transport.close();
  await sink.close();
});

function worker(options: Partial<Parameters<typeof startOutboxWorker>[0]> = {}): OutboxWorker {
  const started = startOutboxWorker({ services, transport, logger: silent, poll: false, ...options });
  cleanups.push(() => started.stop());
  return started;
}

/** Claims and sends until nothing is due at the clock's time. */
async function runDue(work: OutboxWorker) {
  let total = 0;
  for (let n = await work.runOnce(); n > 0; n = await work.runOnce()) total += n;
  return total;
}

/** Moves the clock in steps of `stepMs`, running the worker as its poll would. */
async function runFor(work: OutboxWorker, durationMs: number, stepMs = 10 * MINUTE) {
  const until = clock.now().getTime() + durationMs;
  await runDue(work);
  while (clock.now().getTime() < until) {
    clock.advance(Math.min(stepMs, until - clock.now().getTime()));
    await runDue(work);
  }
}

const reminders = () => sink.messages.filter((mail) => mail.subject.startsWith("Reminder:"));
const reminderRows = () => testDb.db.prisma.emailMessage.findMany({ where: { template: REMINDER_TEMPLATE }, orderBy: { createdAt: "asc" } });
const tokenOf = (url: string) => url.split("/invite/")[1]!;
const anonymous = () => createCaller(createInnerContext(services, { request: { ip: "198.51.100.4", userAgent: "vitest" } }));

describe("invitation reminders", () => {
  it("sends one reminder 24 hours before expiry, with the link the invitee already has, and the history shows it", async () => {
    const created = await admin.invitation.create({ email: "bob@example.com", expiresInHours: 48 });
    const work = worker();
    expect(await runDue(work)).toBe(1);
    expect(sink.messages).toHaveLength(1);

    // Scheduled by the send: due 24 hours before the link expires, carrying the same sealed token.
    const [scheduled] = await reminderRows();
    expect(scheduled).toMatchObject({ status: "QUEUED", invitationId: created.invitation.id, nextAttemptAt: new Date(clock.now().getTime() + 24 * HOUR) });
    expect(services.sealer.unseal(scheduled!.sealedSecret!)).toBe(tokenOf(created.inviteUrl));
    expect((await admin.invitation.get({ id: created.invitation.id })).reminder).toEqual({
      status: "QUEUED",
      scheduledFor: new Date(clock.now().getTime() + 24 * HOUR),
      sentAt: null,
      lastError: null,
    });

    await runFor(work, 24 * HOUR - MINUTE);
    expect(reminders()).toHaveLength(0);
    await runFor(work, MINUTE);
    expect(reminders()).toHaveLength(1);
    const mail = reminders()[0]!;
    expect(mail.envelopeTo).toEqual(["bob@example.com"]);
    expect(mail.subject).toBe("Reminder: Alice Martin’s invitation to Invitations expires in 24 hours");
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("Alice Martin");
      expect(part).toContain("Wednesday, January 7, 2026 at 10:00 AM UTC");
      expect(part).toContain(created.inviteUrl);
    }
    // The link in the reminder opens the invitation.
    const token = /\/invite\/([a-z2-7]{32})/.exec(mail.text)![1]!;
    expect(await anonymous().invitation.preview({ token })).toMatchObject({ email: "bob@example.com" });

    // Never again, however long the worker runs.
    await runFor(work, 23 * HOUR, HOUR);
    expect(reminders()).toHaveLength(1);
    const [sent] = await reminderRows();
    expect(sent).toMatchObject({ status: "SENT", attempts: 1, sealedSecret: null });
    const history = (await admin.invitation.get({ id: created.invitation.id })).reminder;
    expect(history).toMatchObject({ status: "SENT", sentAt: new Date("2026-01-06T10:00:00Z"), scheduledFor: new Date("2026-01-06T10:00:00Z") });
    // The invitation's delivery is still its invitation email's.
    expect((await admin.invitation.get({ id: created.invitation.id })).delivery).toMatchObject({ status: "SENT" });
  });

  it("is never sent for revoked, accepted, expired or turned-off invitations", async () => {
    const revoked = await admin.invitation.create({ email: "revoked@example.com" });
    const accepted = await admin.invitation.create({ email: "accepted@example.com" });
    const off = await admin.invitation.create({ email: "off@example.com" });
    const offAndOn = await admin.invitation.create({ email: "back-on@example.com" });
    const work = worker();
    expect(await runDue(work)).toBe(4);

    await admin.invitation.revoke({ id: revoked.invitation.id });
    await anonymous().invitation.accept({ token: tokenOf(accepted.inviteUrl), password: STRONG_PASSWORD });
    expect((await admin.invitation.setReminder({ id: off.invitation.id, enabled: false })).sendReminder).toBe(false);
    await admin.invitation.setReminder({ id: offAndOn.invitation.id, enabled: false });
    await admin.invitation.setReminder({ id: offAndOn.invitation.id, enabled: true });

    // Revoke and accept cancel at once, with the reason in the history.
    expect((await admin.invitation.get({ id: revoked.invitation.id })).reminder).toMatchObject({ status: "FAILED", lastError: REMINDER_CANCELLED.revoked });
    expect((await admin.invitation.get({ id: accepted.invitation.id })).reminder).toMatchObject({ status: "FAILED", lastError: REMINDER_CANCELLED.accepted });

    await runFor(work, 48 * HOUR, HOUR);
    expect(reminders().map((mail) => mail.envelopeTo[0])).toEqual(["back-on@example.com"]);
    expect((await admin.invitation.get({ id: off.invitation.id })).reminder).toMatchObject({ status: "FAILED", lastError: REMINDER_CANCELLED.turnedOff });
    const rows = await reminderRows();
    expect(rows.every((row) => row.sealedSecret === null)).toBe(true);
    expect((await admin.activity.list({})).items.map((item) => item.summary)).toContain(
      "turned off the reminder email for the invitation to off@example.com",
    );
  });

  it("does not send a reminder whose invitation expired before it could go out", async () => {
    const created = await admin.invitation.create({ email: "late@example.com", expiresInHours: 48 });
    const work = worker();
    await runDue(work);
    clock.advance(48 * HOUR); // the worker was down until the link expired
    await runDue(work);
    expect(reminders()).toHaveLength(0);
    expect((await admin.invitation.get({ id: created.invitation.id })).reminder).toMatchObject({ status: "FAILED", lastError: REMINDER_CANCELLED.expired });
  });

  it("gives an invitation shorter than the lead time no reminder", async () => {
    const created = await admin.invitation.create({ email: "short@example.com", expiresInHours: 24 });
    const work = worker();
    await runFor(work, 24 * HOUR, HOUR);
    expect(sink.messages).toHaveLength(1);
    expect(await reminderRows()).toHaveLength(0);
    expect((await admin.invitation.get({ id: created.invitation.id })).reminder).toBeNull();
  });

  it("several workers racing on one database send each reminder once", async () => {
    const people = Array.from({ length: 20 }, (_, i) => `racer${i}@example.com`);
    for (const email of people) await admin.invitation.create({ email });
    expect(await runDue(worker())).toBe(20);
    clock.advance(24 * HOUR);

    // Four processes: each its own services and, on PostgreSQL, its own connection pool.
    const workers = await Promise.all(
      Array.from({ length: 4 }, async () => {
        let db: Database = testDb.db;
        if (testDb.db.kind === "postgres") {
          const own = openDatabase({ url: testDb.url, dataDir: testDb.dataDir });
          cleanups.push(() => own.close());
          await own.ping();
          db = own;
        }
        const ownTransport = createMailTransport({ smtpUrl: sink.url, from: FROM, logger: silent });
        cleanups.push(() => ownTransport.close());
        return worker({ batchSize: 3, services: createServices({ db, clock, config: { appUrl: APP_URL }, sealingKey }), transport: ownTransport });
      }),
    );
    const claimed = await Promise.all(workers.map((work) => runDue(work)));
    expect(claimed.reduce((sum, n) => sum + n)).toBe(20);
    expect(claimed.filter((n) => n > 0).length).toBeGreaterThan(1);
    clock.advance(HOUR);
    expect(await Promise.all(workers.map((work) => runDue(work)))).toEqual([0, 0, 0, 0]);
    expect(reminders()).toHaveLength(20);
    expect(new Set(reminders().map((mail) => mail.envelopeTo[0])).size).toBe(20);
    for (const row of await reminderRows()) expect(row).toMatchObject({ status: "SENT", attempts: 1 });

    // One reminder per invitation email, whoever records its send: the database refuses a second.
    const [first] = await reminderRows();
    await expect(
      testDb.db.prisma.emailMessage.create({
        data: { to: first!.to, template: REMINDER_TEMPLATE, payload: {}, invitationId: first!.invitationId, reminderForId: first!.reminderForId },
      }),
    ).rejects.toThrow();
  });

  it.skipIf(process.env.TEST_DB !== "postgres")("two server processes on one PostgreSQL send each reminder once", async () => {
    const people = Array.from({ length: 16 }, (_, i) => `process${i}@example.com`);
    for (const email of people) await admin.invitation.create({ email });
    expect(await runDue(worker())).toBe(16);
    clock.advance(24 * HOUR);

    // Two OS processes, each its own pool and worker, both claiming from the moment both are ready.
    const script = path.join(import.meta.dirname, "support/outbox-worker-process.ts");
    const processes = [0, 1].map(() => {
      const child = spawn(process.execPath, ["--import", "tsx", script, testDb.url!, sink.url, clock.now().toISOString(), sealingKey.toString("hex")], {
        stdio: ["pipe", "pipe", "inherit"],
      });
      const lines = createInterface({ input: child.stdout! });
      const ready = new Promise<void>((resolve) => lines.once("line", () => resolve()));
      const claimed = new Promise<number>((resolve, reject) => {
        lines.on("line", (line) => line.startsWith("claimed ") && resolve(Number(line.slice(8))));
        child.on("exit", (code) => code !== 0 && reject(new Error(`worker process exited with ${code}`)));
      });
      return { child, ready, claimed };
    });
    await Promise.all(processes.map((p) => p.ready));
    for (const p of processes) p.child.stdin!.write("go\n");
    const claimed = await Promise.all(processes.map((p) => p.claimed));

    expect(claimed.reduce((sum, n) => sum + n)).toBe(16);
    expect(reminders()).toHaveLength(16);
    expect(new Set(reminders().map((mail) => mail.envelopeTo[0])).size).toBe(16);
    for (const row of await reminderRows()) expect(row).toMatchObject({ status: "SENT", attempts: 1, sealedSecret: null });
  }, 60_000);

  it("a resend supersedes the queued reminder and the new link's send schedules one with the new link", async () => {
    const created = await admin.invitation.create({ email: "resent@example.com", expiresInHours: 48 });
    const work = worker();
    await runDue(work);
    clock.advance(2 * HOUR);
    const resent = await admin.invitation.resend({ id: created.invitation.id });
    const [old] = await reminderRows();
    expect(old).toMatchObject({ status: "FAILED", lastError: SUPERSEDED, sealedSecret: null });
    // Until the new email is sent, the current link has no reminder.
    expect((await admin.invitation.get({ id: created.invitation.id })).reminder).toBeNull();

    await runDue(work);
    const fresh = (await reminderRows())[1]!;
    expect(fresh).toMatchObject({ status: "QUEUED", nextAttemptAt: new Date(clock.now().getTime() + 24 * HOUR) });
    await runFor(work, 48 * HOUR, HOUR);
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]!.text).toContain(resent.inviteUrl);
    expect(reminders()[0]!.text).not.toContain(created.inviteUrl);
  });

  it("never sends a reminder whose link the invitation no longer has", async () => {
    // A resend committing between the send and its record could leave a reminder with the old
    // link queued; when due, the worker compares the link with the invitation's and cancels it.
    const created = await admin.invitation.create({ email: "raced@example.com", expiresInHours: 48 });
    const work = worker();
    await runDue(work);
    await testDb.db.prisma.invitation.update({ where: { id: created.invitation.id }, data: { tokenHash: randomBytes(32) } });
    await runFor(work, 24 * HOUR, HOUR);
    expect(reminders()).toHaveLength(0);
    expect((await reminderRows())[0]).toMatchObject({ status: "FAILED", lastError: REMINDER_CANCELLED.superseded, sealedSecret: null });
  });

  it("a new lead time re-times queued reminders; 0 turns them off; one already past is cancelled", async () => {
    const settings = { registration: "INVITE_ONLY", defaultInviteHours: 48 } as const;
    expect((await admin.settings.get()).reminderHoursBeforeExpiry).toBe(24);
    const a = await admin.invitation.create({ email: "a@example.com", expiresInHours: 48 });
    const b = await admin.invitation.create({ email: "b@example.com", expiresInHours: 10 * 24 });
    const work = worker();
    await runDue(work);
    const expiresA = (await admin.invitation.get({ id: a.invitation.id })).expiresAt;
    const expiresB = (await admin.invitation.get({ id: b.invitation.id })).expiresAt;

    await admin.settings.update({ ...settings, reminderHoursBeforeExpiry: 6 });
    expect((await admin.invitation.get({ id: a.invitation.id })).reminder?.scheduledFor).toEqual(new Date(expiresA.getTime() - 6 * HOUR));
    expect((await admin.invitation.get({ id: b.invitation.id })).reminder?.scheduledFor).toEqual(new Date(expiresB.getTime() - 6 * HOUR));

    // 47 hours before a's expiry is an hour ago: a's reminder is cancelled, b's moves.
    clock.advance(2 * HOUR);
    await admin.settings.update({ ...settings, reminderHoursBeforeExpiry: 47 });
    expect((await admin.invitation.get({ id: a.invitation.id })).reminder).toMatchObject({ status: "FAILED", lastError: REMINDER_CANCELLED.tooLate });
    expect((await admin.invitation.get({ id: b.invitation.id })).reminder?.scheduledFor).toEqual(new Date(expiresB.getTime() - 47 * HOUR));

    // Off: b's reminder is cancelled when due, and nothing is sent.
    await admin.settings.update({ ...settings, reminderHoursBeforeExpiry: 0 });
    await runFor(work, 10 * 24 * HOUR, 6 * HOUR);
    expect(reminders()).toHaveLength(0);
    expect((await admin.invitation.get({ id: b.invitation.id })).reminder).toMatchObject({ status: "FAILED", lastError: REMINDER_CANCELLED.workspaceOff });

    // And with reminders off, a newly sent invitation schedules none.
    await admin.invitation.create({ email: "c@example.com" });
    await runDue(work);
    expect(await reminderRows()).toHaveLength(2);
    await expect(admin.settings.update({ ...settings, reminderHoursBeforeExpiry: 721 })).rejects.toThrow(/720 hours/);
    await expect(admin.settings.update({ ...settings, reminderHoursBeforeExpiry: -1 })).rejects.toThrow();
  });
});
