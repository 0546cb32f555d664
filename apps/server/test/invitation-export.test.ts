import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@invite/api";
import { startTestServer } from "./support/server.ts";

/* GET /api/invitations.csv over real HTTP: who may have it, its filters, its escaping, its paging. */

let server: Awaited<ReturnType<typeof startTestServer>>;
let adminCookie = "";
let memberCookie = "";
let adminId = "";
const HEADER = "email,name,role,status,invited_by,sent_at,send_count,expires_at,delivery,first_opened_at,accepted_at,revoked_at";

async function signIn(email: string, role: "ADMIN" | "MEMBER"): Promise<string> {
  const password = "a sturdy passphrase for csv tests";
  const user = await server.db.prisma.user.create({ data: { email, name: email.split("@")[0]!, role, passwordHash: await hashPassword(password) } });
  if (role === "ADMIN") adminId = user.id;
  const response = await server.fetch("/trpc/auth.signIn", {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json" },
    body: JSON.stringify({ json: { email, password } }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
}

const csv = (query = "", cookie = adminCookie) => server.fetch(`/api/invitations.csv${query}`, { headers: cookie ? { cookie } : {} });
const HOUR = 3_600_000;

beforeAll(async () => {
  server = await startTestServer();
  adminCookie = await signIn("csv-admin@example.com", "ADMIN");
  memberCookie = await signIn("csv-member@example.com", "MEMBER");
  const base = Date.UTC(2026, 0, 1);
  const row = (i: number, data: Record<string, unknown>) => ({
    email: `row-${i}@example.com`,
    createdAt: new Date(base + i * HOUR),
    expiresAt: new Date("2030-01-01T00:00:00Z"),
    lifetimeHours: 48,
    invitedById: adminId,
    ...data,
  });
  // Created in turn, so their UUIDv7 ids (the export's order) follow the list's order.
  for (const [i, data] of [
    { name: '=HYPERLINK("https://evil.example","click")' },
    { name: "+1 555 0100" },
    { name: "-2+3" },
    { name: "@SUM(A1:A2)" },
    { name: 'Ada "the Countess", Lovelace\nof London' },
    { name: "\tTabbed" },
    { name: "Accepted Person", status: "ACCEPTED", acceptedAt: new Date(base + 7 * HOUR), firstViewedAt: new Date(base + 6.5 * HOUR) },
  ].entries()) {
    await server.db.prisma.invitation.create({ data: row(i, data) });
  }
  // More than two pages of expired ones. Made here, not in their test: a request after seconds
  // idle can meet the server closing its keep-alive connection (ECONNRESET).
  await server.db.prisma.invitation.createMany({
    data: Array.from({ length: 2100 }, (_, i) => ({
      email: `bulk-${String(i).padStart(4, "0")}@example.com`,
      expiresAt: new Date(base),
      lifetimeHours: 1,
      status: "EXPIRED" as const,
    })),
  });
}, 60_000);
afterAll(() => server?.close());

// An embedded database on a busy machine takes seconds to stream a few thousand rows.
describe("GET /api/invitations.csv", { timeout: 60_000 }, () => {
  it("gives an admin the list as a UTF-8 CSV attachment, newest first, formulas defused", async () => {
    const response = await csv("?search=row-");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="invitations-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.endsWith("\r\n")).toBe(true);
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(HEADER);
    expect(lines[1]).toBe(
      "row-6@example.com,Accepted Person,MEMBER,ACCEPTED,csv-admin@example.com,2026-01-01T06:00:00.000Z,1,2030-01-01T00:00:00.000Z,,2026-01-01T06:30:00.000Z,2026-01-01T07:00:00.000Z,",
    );
    expect(lines[2]).toBe("row-5@example.com,'\tTabbed,MEMBER,PENDING,csv-admin@example.com,2026-01-01T05:00:00.000Z,1,2030-01-01T00:00:00.000Z,,,,");
    // The quoted cell keeps its line break; the split above cut it in two.
    expect(text).toContain('row-4@example.com,"Ada ""the Countess"", Lovelace\nof London",MEMBER');
    expect(text).toContain(`row-3@example.com,'@SUM(A1:A2),`);
    expect(text).toContain(`row-2@example.com,'-2+3,`);
    expect(text).toContain(`row-1@example.com,'+1 555 0100,`);
    expect(text).toContain(`row-0@example.com,"'=HYPERLINK(""https://evil.example"",""click"")",`);
  });

  it("applies the list's filters: a status, a search", async () => {
    const lines = async (query: string) => (await (await csv(query)).text()).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect((await lines("")).length).toBe(1 + 7 + 2100);
    const accepted = await lines("?status=ACCEPTED");
    expect(accepted).toHaveLength(2);
    expect(accepted[1]).toMatch(/^row-6@example\.com,/);
    const searched = await lines("?search=ROW-2");
    expect(searched.slice(1).map((line) => line.split(",")[0])).toEqual(["row-2@example.com"]);
    expect(await lines("?status=REVOKED")).toEqual([HEADER]);
  });

  it("streams a list longer than a page", async () => {
    const text = await (await csv("?status=EXPIRED")).text();
    const emails = text.trimEnd().split("\r\n").slice(1).map((line) => line.split(",")[0]);
    expect(emails).toHaveLength(2100);
    expect(new Set(emails).size).toBe(2100);
  });

  it("refuses strangers (401), members (403) and filters it does not know (400)", async () => {
    expect((await csv("", "")).status).toBe(401);
    const member = await csv("", memberCookie);
    expect(member.status).toBe(403);
    expect(await member.json()).toMatchObject({ error: { reason: "FORBIDDEN" } });
    for (const query of ["?status=BOGUS", "?search=a&search=b", `?search=${"x".repeat(255)}`, "?limit=5"]) {
      const refused = await csv(query);
      expect(refused.status, query).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { reason: "VALIDATION_FAILED" } });
    }
  });
});
