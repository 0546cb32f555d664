import { randomBytes } from "node:crypto";
import { createCaller, createInnerContext, createServices, type Services } from "@invite/api";
import { openDatabase, type Database } from "@invite/db";
import { createTestDatabase } from "@invite/db/testing";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueueEmail, type InvitationEmailPayload } from "../../../packages/api/src/mail/outbox.ts";
import { createMailTransport, startOutboxWorker, type MailTransport, type OutboxWorker } from "../src/mail/index.ts";
import { PRIVATE_LINK_NOTE } from "../src/mail/transport.ts";
import { deliveryDeadline } from "../src/mail/worker.ts";
import { APP_URL, captureLogger, FakeClock, FROM, HOUR, invitationPayload, queueInvitationEmails } from "./support/outbox.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";

const silent = pino({ level: "silent" });

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let clock: FakeClock;
let services: Services;
let sink: SmtpSink;
let transport: MailTransport;
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
  await testDb.db.prisma.emailMessage.deleteMany();
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

function payload(overrides: Partial<InvitationEmailPayload> = {}): InvitationEmailPayload {
  return invitationPayload(clock.now(), overrides);
}

/** Queues invitation emails the way the API does: inside a transaction, token sealed. */
function queue(count: number, options: { payload?: Partial<InvitationEmailPayload>; using?: Services } = {}) {
  return queueInvitationEmails(options.using ?? services, count, { payload: options.payload });
}

function rows() {
  return testDb.db.prisma.emailMessage.findMany({ orderBy: { to: "asc" } });
}

/** Runs rounds of the worker, moving the clock past the backoff, until nothing is queued. */
async function drain(work: OutboxWorker, options: { stepMs?: number; beforeRound?: (round: number) => void } = {}) {
  for (let round = 0; round < 50; round++) {
    options.beforeRound?.(round);
    while ((await work.runOnce()) > 0) {
      // claim until nothing is due
    }
    if ((await testDb.db.prisma.emailMessage.count({ where: { status: "QUEUED" } })) === 0) return round + 1;
    clock.advance(options.stepMs ?? 1_000);
  }
  throw new Error("the outbox never drained");
}

/** Runs the worker as its poll would, every `stepMs` of fake time, for `durationMs`. */
async function runFor(work: OutboxWorker, durationMs: number, stepMs = 60_000) {
  const until = clock.now().getTime() + durationMs;
  while (clock.now().getTime() < until) {
    while ((await work.runOnce()) > 0) {
      // claim until nothing is due
    }
    clock.advance(Math.min(stepMs, until - clock.now().getTime()));
  }
}


describe("outbox delivery over SMTP", () => {
  it("delivers an invitation with HTML and text parts, a working link, and erases the secret", async () => {
    const admin = await testDb.db.prisma.user.create({
      data: { email: `alice-${randomBytes(4).toString("hex")}@example.com`, name: "Alice Martin", role: "ADMIN" },
      include: { accounts: { select: { provider: true } } },
    });
    const api = createCaller(
      createInnerContext(services, { user: admin, sessionId: "mail-test", request: { ip: "203.0.113.9", userAgent: "vitest" } }),
    );
    const message = "Welcome aboard! <b>Bring snacks</b> & say hi.\nSecond line.";
    const created = await api.invitation.create({ email: "bob@example.com", role: "ADMIN", message, expiresInHours: 48 });

    const queued = await testDb.db.prisma.emailMessage.findFirstOrThrow({ where: { invitationId: created.invitation.id } });
    expect(queued.status).toBe("QUEUED");
    expect(queued.sealedSecret).toBeTruthy();
    expect(JSON.stringify(queued)).not.toContain(created.inviteUrl.split("/invite/")[1]);

    expect(await worker().runOnce()).toBe(1);

    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0]!;
    expect(mail.envelopeTo).toEqual(["bob@example.com"]);
    expect(mail.from).toEqual({ name: "Invitations", address: "no-reply@example.com" });
    expect(mail.subject).toBe("Alice Martin invited you to join Invitations");

    const link = created.inviteUrl;
    expect(link).toMatch(new RegExp(`^${APP_URL}/invite/[a-z2-7]{32}$`));
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain("Alice Martin");
      expect(part).toContain(admin.email);
      expect(part).toContain("Admin");
      expect(part).toContain("Wednesday, January 7, 2026 at 10:00 AM UTC");
      expect(part).toContain("in 48 hours");
      expect(part).toContain(link);
      expect(part).toContain("If you weren’t expecting this, you can ignore this email.");
    }
    // The personal message: quoted, and escaped in the HTML.
    expect(mail.text).toContain("“Welcome aboard! <b>Bring snacks</b> & say hi.\nSecond line.”");
    expect(mail.html).toContain("Welcome aboard! &lt;b&gt;Bring snacks&lt;/b&gt; &amp; say hi.");
    expect(mail.html).not.toContain("<b>Bring snacks</b>");
    expect(mail.html).toContain(`href="${link}"`);

    // The link in the email is the one the invitation answers to.
    const token = /\/invite\/([a-z2-7]{32})/.exec(mail.text)![1]!;
    const preview = await createCaller(createInnerContext(services)).invitation.preview({ token });
    expect(preview).toMatchObject({ email: "bob@example.com", role: "ADMIN", inviterName: "Alice Martin", status: "PENDING" });

    const sent = await testDb.db.prisma.emailMessage.findUniqueOrThrow({ where: { id: queued.id } });
    expect(sent).toMatchObject({ status: "SENT", sealedSecret: null, lastError: null, attempts: 1 });
    expect(sent.sentAt).toEqual(clock.now());
    const view = await api.invitation.get({ id: created.invitation.id });
    expect(view.delivery).toMatchObject({ status: "SENT", attempts: 1, lastError: null });
  });

  it("rides out an SMTP outage: every email arrives exactly once when the server is back", async () => {
    const emails = await queue(20);
    sink.setRefusing(true);
    const work = worker({ backoff: () => 500 });

    const rounds = await drain(work, {
      beforeRound(round) {
        if (round === 3) sink.setRefusing(false);
      },
    });
    expect(rounds).toBe(4);
    expect(sink.refusedCount).toBe(60);

    expect(sink.messages).toHaveLength(20);
    const received = new Map(sink.messages.map((mail) => [mail.envelopeTo.join(","), mail]));
    expect(received.size).toBe(20);
    for (const email of emails) {
      expect(received.get(email.to)?.text).toContain(`${APP_URL}/invite/${email.token}`);
    }
    for (const row of await rows()) {
      expect(row).toMatchObject({ status: "SENT", attempts: 4, lastError: null, sealedSecret: null });
    }
  });

  it("records each refusal and backs off before trying again", async () => {
    await queue(1);
    sink.refuseNext(1);
    const work = worker({ backoff: (attempt) => attempt * 60_000 });

    expect(await work.runOnce()).toBe(1);
    let [row] = await rows();
    expect(row).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(row!.lastError).toMatch(/^SMTP 451 /);
    expect(row!.sealedSecret).toBeTruthy();
    expect(row!.nextAttemptAt).toEqual(new Date(clock.now().getTime() + 60_000));

    clock.advance(59_999);
    expect(await work.runOnce()).toBe(0);
    clock.advance(1);
    expect(await work.runOnce()).toBe(1);
    [row] = await rows();
    expect(row).toMatchObject({ status: "SENT", attempts: 2, lastError: null, sealedSecret: null });
    expect(sink.messages).toHaveLength(1);
  });

  it("keeps retrying through an outage of many hours, then delivers every email exactly once", async () => {
    const emails = await queue(10);
    sink.setRefusing(true);
    // The real backoff: past an hour it waits the full hour (±20%) between attempts.
    const work = worker();

    await runFor(work, 6 * HOUR, 5 * 60_000);
    for (const row of await rows()) {
      // Still queued, with the reason and the sealed link kept for the next attempt.
      expect(row).toMatchObject({ status: "QUEUED", sentAt: null });
      expect(row.attempts).toBeGreaterThan(8);
      expect(row.lastError).toMatch(/^SMTP 451 4\.3\.0 Temporary failure/);
      expect(row.sealedSecret).toBeTruthy();
    }
    const refusedDuringOutage = sink.refusedCount;
    expect(refusedDuringOutage).toBeGreaterThan(10 * 8);

    sink.setRefusing(false);
    // Every email is due again within the capped backoff (an hour, +20%).
    await runFor(work, 1.2 * HOUR + 5 * 60_000, 5 * 60_000);

    expect(sink.refusedCount).toBe(refusedDuringOutage);
    expect(sink.messages).toHaveLength(10);
    const received = new Map(sink.messages.map((mail) => [mail.envelopeTo.join(","), mail]));
    expect(received.size).toBe(10);
    for (const email of emails) expect(received.get(email.to)?.text).toContain(`${APP_URL}/invite/${email.token}`);
    for (const row of await rows()) expect(row).toMatchObject({ status: "SENT", lastError: null, sealedSecret: null });
  });

  it("fails an email still refused when its link expires, with the last error and no secret", async () => {
    const expiresAt = new Date(clock.now().getTime() + 3 * HOUR);
    await queue(1, { payload: { expiresAt: expiresAt.toISOString() } });
    sink.setRefusing(true);
    const work = worker();

    // Retried until just before the link expires, never scheduled past it.
    await runFor(work, expiresAt.getTime() - clock.now().getTime() - 1);
    let [row] = await rows();
    expect(row).toMatchObject({ status: "QUEUED", sentAt: null });
    expect(row!.attempts).toBeGreaterThan(8);
    expect(row!.sealedSecret).toBeTruthy();
    expect(row!.nextAttemptAt.getTime()).toBeLessThanOrEqual(expiresAt.getTime());
    const attempts = row!.attempts;

    // At the expiry: FAILED without another send, saying why and what the server last said.
    clock.advance(1);
    expect(await work.runOnce()).toBe(1);
    [row] = await rows();
    expect(row).toMatchObject({ status: "FAILED", attempts: attempts + 1, sealedSecret: null, sentAt: null });
    expect(row!.lastError).toMatch(
      /^The invitation expired before it could be delivered\. Last error: SMTP 451 4\.3\.0 Temporary failure/,
    );
    expect(sink.refusedCount).toBe(attempts);
    expect(sink.messages).toHaveLength(0);

    // Nothing more happens to it, even once the server is back.
    sink.setRefusing(false);
    clock.advance(24 * HOUR);
    expect(await work.runOnce()).toBe(0);
    expect(sink.messages).toHaveLength(0);
  });

  it("gives an email without a link expiry 48 hours from when it was queued", () => {
    const createdAt = new Date("2026-01-05T10:00:00Z");
    expect(deliveryDeadline({ payload: payload({ expiresAt: "2026-01-12T10:00:00.000Z" }), createdAt })).toEqual(
      new Date("2026-01-12T10:00:00Z"),
    );
    expect(deliveryDeadline({ payload: { expiresAt: "2026-01-05T11:00:00.000Z", appUrl: APP_URL }, createdAt })).toEqual(
      new Date("2026-01-05T11:00:00Z"),
    );
    expect(deliveryDeadline({ payload: { appUrl: APP_URL }, createdAt })).toEqual(new Date("2026-01-07T10:00:00Z"));
    expect(deliveryDeadline({ payload: { expiresAt: "not a date" }, createdAt }, HOUR)).toEqual(new Date("2026-01-05T11:00:00Z"));
  });

  it("fails at once when the server refuses the recipient for good (550)", async () => {
    await queue(1);
    sink.rejectRecipient("person0@example.com");
    await worker().runOnce();
    const [row] = await rows();
    expect(row).toMatchObject({ status: "FAILED", attempts: 1, sealedSecret: null });
    expect(row!.lastError).toMatch(/^SMTP 550 /);
  });

  it("several workers on one database deliver 50 emails exactly once", async () => {
    const emails = await queue(50);
    // Four processes: each its own services (one sealing key) and, on PostgreSQL, its own pool.
    const workers = await Promise.all(
      Array.from({ length: 4 }, async () => {
        let db: Database = testDb.db;
        if (testDb.db.kind === "postgres") {
          const own = openDatabase({ url: testDb.url, dataDir: testDb.dataDir });
          cleanups.push(() => own.close());
          await own.ping(); // connected, so that the first claims really race
          db = own;
        }
        const own = createMailTransport({ smtpUrl: sink.url, from: FROM, logger: silent });
        cleanups.push(() => own.close());
        const ownServices = createServices({ db, clock, config: { appUrl: APP_URL }, sealingKey });
        return worker({ batchSize: 5, services: ownServices, transport: own });
      }),
    );

    const claimed = await Promise.all(
      workers.map(async (work) => {
        let total = 0;
        for (let n = await work.runOnce(); n > 0; n = await work.runOnce()) total += n;
        return total;
      }),
    );

    expect(claimed.reduce((a, b) => a + b)).toBe(50);
    expect(claimed.filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(sink.messages).toHaveLength(50);
    expect(new Set(sink.messages.map((mail) => mail.envelopeTo.join(","))).size).toBe(50);
    const byRecipient = new Map(sink.messages.map((mail) => [mail.envelopeTo[0], mail.text]));
    for (const email of emails) expect(byRecipient.get(email.to)).toContain(email.token);
    for (const row of await rows()) expect(row).toMatchObject({ status: "SENT", attempts: 1, sealedSecret: null });
  });

  it("takes over an email from a process that died mid-send, once its lease has passed", async () => {
    await queue(1);
    const [first] = await rows();
    await queue(1, { payload: { expiresAt: new Date(clock.now().getTime() + 60_000).toISOString() } });
    const last = (await rows()).find((row) => row.id !== first!.id);
    // What a process leaves behind when it dies after claiming: the attempt counted, the lease.
    const leaseUntil = new Date(clock.now().getTime() + 120_000);
    const { prisma } = testDb.db;
    await prisma.emailMessage.update({ where: { id: first!.id }, data: { attempts: 1, nextAttemptAt: leaseUntil } });
    await prisma.emailMessage.update({ where: { id: last!.id }, data: { attempts: 3, nextAttemptAt: leaseUntil } });
    const work = worker();

    expect(await work.runOnce()).toBe(0);
    clock.advance(120_000);
    expect(await work.runOnce()).toBe(2);
    const taken = await prisma.emailMessage.findUniqueOrThrow({ where: { id: first!.id } });
    const expired = await prisma.emailMessage.findUniqueOrThrow({ where: { id: last!.id } });
    expect(taken).toMatchObject({ status: "SENT", attempts: 2, sealedSecret: null });
    // Its link expired while the lease ran: no further attempt.
    expect(expired).toMatchObject({
      status: "FAILED",
      attempts: 4,
      sealedSecret: null,
      lastError: "The invitation expired before it could be delivered.",
    });
    expect(sink.messages).toHaveLength(1);
  });

  it("fails an email whose secret cannot be unsealed (the sealing key changed)", async () => {
    const before = createServices({ db: testDb.db, clock, config: { appUrl: APP_URL }, sealingKey: randomBytes(32) });
    await queue(1, { using: before });
    await worker().runOnce();
    const [row] = await rows();
    expect(row).toMatchObject({ status: "FAILED", sealedSecret: null, attempts: 1 });
    expect(row!.lastError).toMatch(/sealing key changed/);
    expect(sink.messages).toHaveLength(0);
  });

  it("does not send an invitation whose link expired before its first attempt", async () => {
    await queue(1, { payload: { expiresAt: new Date(clock.now().getTime() + 60_000).toISOString() } });
    clock.advance(60_000);
    await worker().runOnce();
    const [row] = await rows();
    expect(row).toMatchObject({ status: "FAILED", attempts: 1, sealedSecret: null });
    expect(row!.lastError).toBe("The invitation expired before it could be delivered.");
    expect(sink.messages).toHaveLength(0);
  });

  it("polls on its own, and stop() waits for the send in flight", async () => {
    await queue(1);
    const work = startOutboxWorker({ services, transport, logger: silent, pollIntervalMs: 10 });
    cleanups.push(() => work.stop());
    const deadline = Date.now() + 10_000;
    while (sink.messages.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(sink.messages).toHaveLength(1);

    await queue(1);
    const pending = work.runOnce();
    await work.stop();
    // stop() returned only after the in-flight send was recorded.
    expect(await testDb.db.prisma.emailMessage.count({ where: { status: "SENT" } })).toBe(2);
    expect(sink.messages).toHaveLength(2);
    await pending;
    // A stopped worker claims nothing.
    await queue(1);
    expect(await work.runOnce()).toBe(0);
  });
});

describe("dev mailbox", () => {
  it("keeps the message with its link, and logs the link", async () => {
    const { logger, lines } = captureLogger();
    const dev = createMailTransport({ from: FROM, logger });
    expect(dev.kind).toBe("dev");
    if (dev.kind !== "dev") return;
    const [email] = await queue(1);
    expect(await worker({ transport: dev }).runOnce()).toBe(1);

    const link = `${APP_URL}/invite/${email!.token}`;
    const [message] = dev.list();
    expect(message).toMatchObject({ to: email!.to, subject: "Alice Martin invited you to join Invitations", link });
    expect(message!.html).toContain(link);
    expect(message!.text).toContain(link);
    expect(message!.sentAt).toBeInstanceOf(Date);
    expect(lines.some((line) => line.includes(link))).toBe(true);
    const [row] = await rows();
    expect(row).toMatchObject({ status: "SENT", sealedSecret: null });
  });

  it("keeps a password reset without its link, which only the log shows: admins can't open others' accounts", async () => {
    const { logger, lines } = captureLogger();
    const dev = createMailTransport({ from: FROM, logger });
    if (dev.kind !== "dev") throw new Error("expected the dev mailbox");
    const secret = "abcdefghijklmnopqrstuvwxyz234567";
    await services.db.prisma.$transaction((tx) =>
      enqueueEmail(
        tx,
        services.sealer,
        {
          to: "forgetful@example.com",
          template: "passwordReset",
          secret,
          payload: { expiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString(), appUrl: APP_URL },
        },
        clock.now(),
      ),
    );
    expect(await worker({ transport: dev }).runOnce()).toBe(1);

    const [message] = dev.list();
    expect(message).toMatchObject({ to: "forgetful@example.com", link: null });
    expect(message!.html).not.toContain(secret);
    expect(message!.text).not.toContain(secret);
    expect(message!.text).toContain(PRIVATE_LINK_NOTE);
    expect(lines.some((line) => line.includes(`${APP_URL}/reset-password/${secret}`))).toBe(true);
  });
});
