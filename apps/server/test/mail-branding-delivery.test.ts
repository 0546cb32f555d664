import { randomBytes } from "node:crypto";
import { createServices, type Services } from "@invite/api";
import { createTestDatabase } from "@invite/db/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailTransport, startOutboxWorker, type MailTransport } from "../src/mail/index.ts";
import { APP_URL, FakeClock, FROM, queueInvitationEmails } from "./support/outbox.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";

/* The outbox worker renders each email with the workspace's branding as it is when it goes out. */

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let services: Services;
let sink: SmtpSink;
let transport: MailTransport;
beforeAll(async () => {
  testDb = await createTestDatabase();
  services = createServices({ db: testDb.db, clock: new FakeClock(), config: { appUrl: APP_URL, version: "test" }, sealingKey: randomBytes(32) });
  sink = await startSmtpSink();
  transport = createMailTransport({ smtpUrl: sink.url, from: FROM, logger: pino({ level: "silent" }) });
});
afterAll(async () => {
  await transport?.close();
  await sink?.close();
  await testDb?.drop();
});

describe("branded delivery", () => {
  it("an invitation queued before the branding was set goes out in it: the name, the colour, the logo", async () => {
    await queueInvitationEmails(services, 1, { payload: { inviterName: "Ada Lovelace", role: "ADMIN" }, prefix: "branded" });
    await testDb.db.prisma.settings.create({ data: { id: 1, workspaceName: "Acme", accentColor: "#0f766e" } });
    await testDb.db.prisma.workspaceLogo.create({
      data: { id: 1, contentType: "image/png", bytes: Buffer.from("x"), sha256: "ab".repeat(32), width: 1, height: 1 },
    });
    const worker = startOutboxWorker({ services, transport, logger: pino({ level: "silent" }), poll: false });
    try {
      expect(await worker.runOnce()).toBe(1);
    } finally {
      await worker.stop();
    }
    const [mail] = sink.messages;
    expect(mail?.subject).toBe("Ada Lovelace invited you to join Acme");
    expect(mail?.text).toContain("invited you to join Acme as an Admin");
    expect(mail?.html).toContain(`src="${APP_URL}/branding/logo?v=${"ab".repeat(8)}"`);
    expect(mail?.html).toContain("background-color:#0f766e");
  });
});
