// A shareable invitation link end to end, as people use it: an admin makes it over HTTP, a
// stranger opens `/join/<token>` (the page, then the preview), asks to join, reads the proof
// email from a real SMTP server, completes it over HTTP and is signed in as a member of the
// link's role, in INVITE_ONLY mode. Hostile tokens get a 4xx on every route (SECURITY 6).
import { hashPassword } from "@invite/api";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailTransport, startOutboxWorker, type MailTransport } from "../src/mail/index.ts";
import { Browser } from "./support/oauth-doubles.ts";
import { oauthFlow, PASSWORD } from "./support/oauth-flow.ts";
import { FROM } from "./support/outbox.ts";
import { startTestServer } from "./support/server.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";

let server: Awaited<ReturnType<typeof startTestServer>>;
let sink: SmtpSink;
let transport: MailTransport;
let adminBrowser: Browser;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ env: { SMTP_URL: sink.url } });
  transport = createMailTransport({ smtpUrl: sink.url, from: FROM, logger: pino({ level: "silent" }) });
  await server.db.prisma.user.create({
    data: { email: "admin@example.com", name: "Ada Admin", role: "ADMIN", passwordHash: await hashPassword(PASSWORD) },
  });
  await server.db.prisma.settings.create({ data: { id: 1, registration: "INVITE_ONLY", workspaceName: "Acme" } });
  adminBrowser = await signInWithPassword("admin@example.com");
});
afterAll(async () => {
  await transport?.close();
  await server?.close();
  await sink?.close();
});

const { mutate, me, signInWithPassword } = oauthFlow(() => ({ server, admin: null as never, github: null as never }));

async function query(procedure: string, input: unknown, browser = new Browser()) {
  const url = new URL(`/trpc/${procedure}`, server.origin);
  url.searchParams.set("input", JSON.stringify({ json: input }));
  const response = await browser.fetch(url);
  const body = (await response.json()) as { result?: { data: { json: unknown } }; error?: { json: { data: { reason: string | null } } } };
  return { status: response.status, data: body.result?.data.json, reason: body.error?.json.data.reason ?? null };
}

/** Delivers what the outbox holds to the SMTP server, as the server's worker would. */
async function deliver() {
  await server.services.background.settled();
  const worker = startOutboxWorker({ services: server.services, transport, logger: pino({ level: "silent" }), poll: false });
  try {
    while ((await worker.runOnce()) > 0) {
      // until nothing is due
    }
  } finally {
    await worker.stop();
  }
}

describe("a shareable link over HTTP, with a real SMTP server", () => {
  it("SECURITY 34, 36: create → preview (consumes nothing) → join → the emailed /sign-up/ link → completeSignUp: a member of the link's role", async () => {
    const created = await mutate(adminBrowser, "inviteLink.create", { role: "MEMBER", expiresInHours: 48, maxUses: 3 });
    expect(created.status).toBe(200);
    const { url, link } = created.data as { url: string; link: { id: string } };
    expect(url.startsWith(`${server.origin}/join/`)).toBe(true);
    const token = url.split("/join/")[1]!;

    // The page a shared link opens: the SPA, with no referrer leaving it (SECURITY 8).
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");

    const preview = await query("inviteLink.preview", { token });
    expect(preview).toMatchObject({ status: 200, data: { role: "MEMBER", inviterName: "Ada Admin", status: "ACTIVE", branding: { workspaceName: "Acme" } } });

    const stranger = new Browser();
    expect(await mutate(stranger, "inviteLink.join", { token, email: "Lin@Example.com" })).toMatchObject({ status: 200, data: { ok: true } });
    await deliver();
    const mail = sink.messages.find((message) => message.envelopeTo.includes("lin@example.com"));
    expect(mail?.subject).toBe("Confirm your email to join Acme");
    expect(mail?.text).toContain("join Acme as a Member with this email address, through an invitation link shared by Ada Admin");
    const proof = /\/sign-up\/([a-z2-7]{32})/.exec(mail!.text)?.[1];
    expect(proof).toBeDefined();

    const opened = await query("auth.signUpPreview", { token: proof });
    expect(opened).toMatchObject({ data: { email: "lin@example.com", status: "PENDING", inviteLink: { id: link.id, role: "MEMBER", status: "ACTIVE", workspaceName: "Acme" } } });
    const done = await mutate(stranger, "auth.completeSignUp", { token: proof, name: "Lin", password: PASSWORD });
    expect(done).toMatchObject({ status: 200, data: { user: { email: "lin@example.com", role: "MEMBER" } } });
    expect(await me(stranger)).toMatchObject({ email: "lin@example.com", role: "MEMBER" });

    const listed = await query("inviteLink.list", {}, adminBrowser);
    expect(listed.data).toMatchObject({ items: [{ id: link.id, uses: 1, joined: [{ name: "Lin", email: "lin@example.com" }] }] });
    expect(JSON.stringify(listed.data)).not.toContain(token);
  });

  it("SECURITY 6: garbage, 10 KB, wrong-type and path-like tokens are 4xx on preview, join and the page; never a 5xx", async () => {
    for (const token of ["a".repeat(32), "x".repeat(10_000), 42, null, { $gt: "" }, "../../../etc/passwd"]) {
      const preview = await query("inviteLink.preview", { token });
      expect(preview.status, JSON.stringify(token).slice(0, 40)).toBe(404);
      expect(preview.reason).toBe("INVITE_LINK_NOT_FOUND");
      const joined = await mutate(new Browser(), "inviteLink.join", { token, email: "x@example.com" });
      expect(joined.status).toBe(404);
    }
    const oversized = await fetch(new URL(`/join/${"z".repeat(10_000)}`, server.origin));
    expect(oversized.status).toBeLessThan(500);
    // A stranger's write from another origin is refused before anything runs (SECURITY 20).
    const foreign = await fetch(new URL("/trpc/inviteLink.create", server.origin), {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ json: {} }),
    });
    expect(foreign.status).toBe(403);
  });
});
