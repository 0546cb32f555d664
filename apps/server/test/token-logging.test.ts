// SECURITY 2: with SMTP_URL set, no raw token reaches the log. The real app, its logger as
// main.ts makes it (at its most talkative level) writing into the test, the outbox worker
// delivering to a real SMTP sink, and every step a token takes: create, the emailed link,
// opening it, preview, resend, accept, a password reset, and a failure that ends in a 500.
// (Without SMTP_URL the dev mailbox prints each link to the log by design: not tested here.)
import { Writable } from "node:stream";
import { hashPassword } from "@invite/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import { createMailTransport, startOutboxWorker, type MailTransport, type OutboxWorker } from "../src/mail/index.ts";
import { startTestServer } from "./support/server.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";

const PASSWORD = "a sturdy passphrase for log tests";

let sink: SmtpSink;
let server: Awaited<ReturnType<typeof startTestServer>>;
let transport: MailTransport;
let worker: OutboxWorker;
const lines: string[] = [];

beforeAll(async () => {
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  const logger = createLogger("trace", logStream);
  sink = await startSmtpSink();
  server = await startTestServer({ env: { SMTP_URL: sink.url }, logger });
  transport = createMailTransport({ smtpUrl: sink.url, from: "Invitations <no-reply@example.com>", logger });
  worker = startOutboxWorker({ services: server.services, transport, logger, poll: false });
  await server.db.prisma.user.create({
    data: { email: "admin@example.com", name: "Admin", role: "ADMIN", passwordHash: await hashPassword(PASSWORD) },
  });
});
afterAll(async () => {
  await worker?.stop();
  await transport?.close();
  await server?.close();
  await sink?.close();
});

async function call(procedure: string, input: unknown, cookie = "") {
  const response = await server.fetch(`/trpc/${procedure}`, {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json", cookie },
    body: JSON.stringify({ json: input }),
  });
  const body = (await response.json()) as { result?: { data: { json: Record<string, unknown> } } };
  return { status: response.status, data: body.result?.data.json, cookie: (response.headers.get("set-cookie") ?? "").split(";")[0]! };
}

const preview = (token: string) =>
  server.fetch(`/trpc/invitation.preview?input=${encodeURIComponent(JSON.stringify({ json: { token } }))}`);

const tokenOf = (url: string) => url.split("/").pop()!;

/** Delivers what is queued, and returns the links the emails carried. */
async function deliver(): Promise<string[]> {
  const before = sink.messages.length;
  await worker.runOnce();
  return sink.messages.slice(before).map((mail) => mail.text.match(/https?:\/\/\S+\/(invite|reset-password)\/\S+/)![0]);
}

describe("the log with SMTP_URL set holds no token (SECURITY 2)", () => {
  it("over create, the emailed link, preview, resend, accept, a password reset and a 500", async () => {
    const secrets: string[] = [];
    const signIn = await call("auth.signIn", { email: "admin@example.com", password: PASSWORD });
    expect(signIn.status).toBe(200);
    const admin = signIn.cookie;
    secrets.push(admin.split(".")[1]!); // the session secret

    const created = await call("invitation.create", { email: "invitee@example.com" }, admin);
    const first = tokenOf(String(created.data?.inviteUrl));
    expect(await deliver()).toEqual([String(created.data?.inviteUrl)]);
    // The invitee opens the link: the page, then its preview.
    expect((await server.fetch(`/invite/${first}`)).status).toBe(200);
    expect((await preview(first)).status).toBe(200);

    const invitationId = (created.data?.invitation as { id: string }).id;
    const resent = await call("invitation.resend", { id: invitationId }, admin);
    const second = tokenOf(String(resent.data?.inviteUrl));
    expect(await deliver()).toEqual([String(resent.data?.inviteUrl)]);
    await preview(first); // the old link, replaced
    const accepted = await call("invitation.accept", { token: second, password: PASSWORD });
    expect(accepted.status).toBe(200);
    secrets.push(first, second, accepted.cookie.split(".")[1]!);

    expect((await call("auth.requestPasswordReset", { email: "admin@example.com" })).status).toBe(200);
    await server.services.background.settled();
    const [resetLink] = await deliver();
    secrets.push(tokenOf(resetLink!));
    expect((await server.fetch(`/reset-password/${tokenOf(resetLink!)}`)).status).toBe(200);

    // A fault while a token is in hand: the invitations table is gone for a moment.
    const third = tokenOf(String((await call("invitation.create", { email: "third@example.com" }, admin)).data?.inviteUrl));
    secrets.push(third);
    await server.db.prisma.$executeRawUnsafe(`ALTER TABLE "Invitation" RENAME TO "InvitationAway"`);
    try {
      expect((await call("invitation.accept", { token: third, password: PASSWORD })).status).toBe(500);
      expect((await preview(third)).status).toBe(500);
    } finally {
      await server.db.prisma.$executeRawUnsafe(`ALTER TABLE "InvitationAway" RENAME TO "Invitation"`);
    }

    // None of the secrets is in the log...
    const text = lines.join("");
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThanOrEqual(24);
      expect(text).not.toContain(secret);
    }
    // ...which saw all of it, the failures too.
    const log = lines.map((line) => JSON.parse(line) as { level: number; msg: string; req?: { url: string } });
    expect(log.filter((entry) => entry.msg === "email sent")).toHaveLength(3);
    expect(log.filter((entry) => entry.level >= 50).length).toBeGreaterThanOrEqual(2);
    expect(log.map((entry) => entry.req?.url)).toEqual(
      expect.arrayContaining(["/invite/[redacted]", "/reset-password/[redacted]", "/trpc/invitation.accept"]),
    );
  });
});
