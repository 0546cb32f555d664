import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@invite/api";
import { startTestServer } from "./support/server.ts";

/*
 * invitation.createMany and invitation.checkEmails take a body of up to 1.5 MB (10,000 people); every other procedure,
 * and any batch, keeps the 64 KB limit. Both are enforced while reading, before any work.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let cookie = "";
let adminId = "";
beforeAll(async () => {
  server = await startTestServer();
  const password = "a sturdy passphrase for bulk body tests";
  const admin = await server.db.prisma.user.create({
    data: { email: "bulk-body-admin@example.com", name: "Bulk Admin", role: "ADMIN", passwordHash: await hashPassword(password) },
  });
  adminId = admin.id;
  const response = await server.fetch("/trpc/auth.signIn", {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json" },
    body: JSON.stringify({ json: { email: admin.email, password } }),
  });
  expect(response.status).toBe(200);
  cookie = (response.headers.get("set-cookie") ?? "").split(";")[0]!;
});
afterAll(() => server?.close());

const KB = 1024;
const BULK_LIMIT = 1.5 * KB * KB;

/** A valid call, padded with JSON whitespace to exactly `size` bytes. */
function send(path: string, body: unknown, size: number) {
  const text = JSON.stringify(body);
  return server.fetch(`/trpc/${path}`, {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json", cookie },
    body: text + " ".repeat(size - Buffer.byteLength(text)),
  });
}

const invitations = (emails: string[]) => server.db.prisma.invitation.count({ where: { email: { in: emails } } });
const allowanceBucket = () => server.db.prisma.rateLimit.findUnique({ where: { key: `invitesPerAdmin:${adminId}` } });

describe("body limits around invitation.createMany", () => {
  it("a 1 MB createMany body is accepted and runs", async () => {
    const emails = ["body-a@example.com", "body-b@example.com"];
    const response = await send("invitation.createMany", { json: { people: emails.map((email) => ({ email })) } }, KB * KB);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { result: { data: { json: { results: Array<{ outcome: string }> } } } };
    expect(answer.result.data.json.results.map((r) => r.outcome)).toEqual(["invited", "invited"]);
    expect(await invitations(emails)).toBe(2);
  });

  it("a body over the createMany limit is a 413 before any work: no allowance spent, nothing written", async () => {
    const emails = ["over-limit@example.com"];
    const before = await allowanceBucket();
    const response = await send("invitation.createMany", { json: { people: emails.map((email) => ({ email })) } }, BULK_LIMIT + 1);
    expect(response.status).toBe(413);
    expect(await allowanceBucket()).toEqual(before);
    expect(await invitations(emails)).toBe(0);
    // At the limit itself it runs: only the size was refused.
    expect((await send("invitation.createMany", { json: { people: emails.map((email) => ({ email })) } }, BULK_LIMIT)).status).toBe(200);
    expect(await invitations(emails)).toBe(1);
  });

  it("every other procedure keeps the 64 KB limit: 64 KB + 1 byte is a 413, and nothing runs", async () => {
    const email = "create-over@example.com";
    const before = await allowanceBucket();
    expect((await send("invitation.create", { json: { email } }, 64 * KB + 1)).status).toBe(413);
    expect((await send("settings.update", { json: { registration: "OPEN", defaultInviteHours: 48 } }, 64 * KB + 1)).status).toBe(413);
    expect(await allowanceBucket()).toEqual(before);
    expect(await invitations([email])).toBe(0);
    expect((await server.db.prisma.settings.findUnique({ where: { id: 1 } }))?.registration).not.toBe("OPEN");
    expect((await send("invitation.create", { json: { email } }, 60 * KB)).status).toBe(200);
  });

  it("invitation.checkEmails takes a list of 10,000 (over 64 KB) as createMany does, and no more than 1.5 MB", async () => {
    const emails = Array.from({ length: 10_000 }, (_, i) => `check-body-${i}@example.com`);
    const body = { json: { emails } };
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(64 * KB);
    const response = await send("invitation.checkEmails", body, Buffer.byteLength(JSON.stringify(body)));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { result: { data: { json: { pending: unknown[]; members: unknown[] } } } };
    expect(answer.result.data.json).toEqual({ pending: [], members: [] });
    expect((await send("invitation.checkEmails", body, BULK_LIMIT + 1)).status).toBe(413);
  });

  it("a batch holding createMany is held to 64 KB too", async () => {
    const emails = ["batch-over@example.com"];
    const call = { json: { people: emails.map((email) => ({ email })) } };
    const response = await send("invitation.createMany,invitation.list?batch=1", { 0: call, 1: { json: {} } }, 64 * KB + 1);
    expect(response.status).toBe(413);
    expect(await invitations(emails)).toBe(0);
  });
});
