import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@invite/api";
import { startTestServer } from "./support/server.ts";

/**
 * What a stranger can send over HTTP (SECURITY 41): every answer is a 4xx that costs little,
 * checked on the real server, since the defects lived in HTTP handling and the wire format.
 */
type TestServer = Awaited<ReturnType<typeof startTestServer>>;

let server: TestServer;
let cookie = "";
const PASSWORD = "a sturdy passphrase for hostile tests";

beforeAll(async () => {
  server = await startTestServer();
  await server.db.prisma.user.create({
    data: { email: "member@example.com", name: "Member", role: "MEMBER", passwordHash: await hashPassword(PASSWORD) },
  });
  const response = await post("auth.signIn", JSON.stringify({ json: { email: "member@example.com", password: PASSWORD } }));
  expect(response.status).toBe(200);
  cookie = (response.headers.get("set-cookie") ?? "").split(";")[0]!;
});
afterAll(() => server.close());

function post(procedure: string, body: string, headers: Record<string, string> = {}) {
  return server.fetch(`/trpc/${procedure}`, {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json", cookie, ...headers },
    body,
  });
}

const get = (procedure: string, input: unknown, headers: Record<string, string> = {}) =>
  server.fetch(`/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });

async function errorOf(response: Response) {
  const body = (await response.json()) as { error?: { json?: { message?: string; data?: { reason?: string } } } };
  return { status: response.status, reason: body.error?.json?.data?.reason, message: body.error?.json?.message };
}

/**
 * A superjson payload whose `referentialEqualities` make `levels` nested objects each hold
 * three keys pointing at the next: a few KB that stand for 3^levels paths.
 */
function referenceBomb(levels: number) {
  let json: Record<string, unknown> = { end: "x" };
  for (let level = 0; level < levels; level++) json = { a: json, b: null, c: null };
  const equalities: Record<string, string[]> = {};
  for (let level = 0; level < levels; level++) {
    const at = Array.from({ length: level }, () => "a").join(".");
    const prefix = at ? `nested.${at}.` : "nested.";
    equalities[`${prefix}a`] = [`${prefix}b`, `${prefix}c`];
  }
  return { json: { email: "x@example.com", password: "p", nested: json }, meta: { referentialEqualities: equalities, v: 1 } };
}

/** `/healthz` answers within a second while `during` is in flight: nothing stalled the process. */
async function staysResponsive<T>(during: Promise<T>): Promise<T> {
  const started = performance.now();
  const health = await server.fetch("/healthz");
  expect(health.status).toBe(200);
  expect(performance.now() - started).toBeLessThan(1000);
  return during;
}

describe("reference graphs and nesting (SECURITY 41)", () => {
  it("refuses superjson's shared references on GET before any procedure runs, without stalling others", async () => {
    const bomb = referenceBomb(30);
    expect(JSON.stringify(bomb).length).toBeLessThan(8 * 1024);
    const response = await staysResponsive(get("health", bomb));
    expect(await errorOf(response)).toMatchObject({ status: 400, reason: "VALIDATION_FAILED", message: "Shared references are not accepted in input." });
  });

  it("refuses shared references in a POST body, and a cycle", async () => {
    const response = await staysResponsive(post("auth.signIn", JSON.stringify(referenceBomb(30))));
    expect(await errorOf(response)).toMatchObject({ status: 400, reason: "VALIDATION_FAILED" });
    const cycle = { json: { a: { b: null } }, meta: { referentialEqualities: { a: ["a.b"] }, v: 1 } };
    expect(await errorOf(await post("account.rename", JSON.stringify(cycle)))).toMatchObject({ status: 400, reason: "VALIDATION_FAILED" });
  });

  it("refuses a POST body nested 30,000 levels deep with a 400, not a stack overflow", async () => {
    // Under the 64 KB limit, so the parser, not the size limit, is what is tested.
    const deep = 30_000;
    const response = await staysResponsive(post("auth.signIn", `{"json":{"email":${"[".repeat(deep)}${"]".repeat(deep)}}}`));
    expect(await errorOf(response)).toMatchObject({ status: 400, reason: "VALIDATION_FAILED", message: "The input is nested too deeply." });
  });

  it("refuses deep nesting in a GET's input and in a batch", async () => {
    const deep = 2_000;
    const input = `{"json":${"[".repeat(deep)}${"]".repeat(deep)}}`;
    const single = await server.fetch(`/trpc/health?input=${encodeURIComponent(input)}`);
    expect(await errorOf(single)).toMatchObject({ status: 400, reason: "VALIDATION_FAILED" });
    const batch = await server.fetch(`/trpc/health,auth.me?batch=1&input=${encodeURIComponent(`{"0":${input}}`)}`);
    expect(batch.status).toBe(400);
  });

  it("takes only the annotations the typed client sends: undefined and Date, not Map, Set, classes or malformed trees", async () => {
    const refused = [
      { json: { a: [] }, meta: { values: { a: ["map"] }, v: 1 } },
      { json: { a: [] }, meta: { values: { a: ["set"] }, v: 1 } },
      { json: { a: "1" }, meta: { values: { a: ["bigint"] }, v: 1 } },
      { json: { a: {} }, meta: { values: { a: [["class", "Object"]] }, v: 1 } },
      { json: { a: 1 }, meta: { values: { a: "Date" }, v: 1 } },
      { json: { a: 1 }, meta: { values: { [Array.from({ length: 100 }, () => "a").join(".")]: ["undefined"] }, v: 1 } },
      { json: { a: 1 }, meta: { other: true } },
      { json: { a: 1 }, meta: { v: 9 } },
      [1, 2, 3],
    ];
    for (const input of refused) {
      expect(await errorOf(await get("health", input)), JSON.stringify(input)).toMatchObject({ status: 400, reason: "VALIDATION_FAILED" });
    }
    // What the client really sends for no input, and a Date, still work.
    expect((await get("health", { json: null, meta: { values: ["undefined"], v: 1 } })).status).toBe(200);
    expect((await get("health", { json: "2026-01-01T00:00:00.000Z", meta: { values: ["Date"], v: 1 } })).status).toBe(200);
  });

  it("runs at most 20 calls in one batched request", async () => {
    const paths = (count: number) => Array.from({ length: count }, () => "health").join(",");
    expect((await server.fetch(`/trpc/${paths(20)}?batch=1&input={}`)).status).toBe(200);
    const tooMany = await server.fetch(`/trpc/${paths(21)}?batch=1&input={}`);
    expect(tooMany.status).toBe(400);
  });

  it("answers malformed JSON with VALIDATION_FAILED and does not echo it back", async () => {
    const response = await post("auth.signIn", '{"json":{"email":"secret-ish');
    expect(await errorOf(response)).toEqual({ status: 400, reason: "VALIDATION_FAILED", message: "The input is not valid JSON." });
  });
});

describe("text the database cannot keep (issue 11)", () => {
  it("reads a session cookie holding a NUL as signed out, and clears it", async () => {
    for (const value of ["%00", "abc%00def.ghi", `${"a".repeat(24)}%00.${"b".repeat(24)}`]) {
      const response = await get("auth.me", { json: null }, { cookie: `session=${value}` });
      expect(response.status, value).toBe(200);
      expect(((await response.json()) as { result: { data: { json: unknown } } }).result.data.json).toBeNull();
      expect(response.headers.get("set-cookie"), value).toMatch(/^session=; Max-Age=0/);
    }
  });

  it("refuses a lone surrogate in a name (the audit column is JSON) and keeps the old name", async () => {
    for (const name of ["\\ud800", "Ada \\udc00", "\\ud800\\ud800"]) {
      const response = await post("account.rename", `{"json":{"name":"${name}"}}`);
      expect(await errorOf(response), name).toMatchObject({ status: 400, reason: "VALIDATION_FAILED", message: "Text can't contain a lone UTF-16 surrogate." });
    }
    // A well-formed pair (an emoji) is fine.
    const emoji = await post("account.rename", JSON.stringify({ json: { name: "Member \u{1F600}" } }));
    expect(emoji.status).toBe(200);
    const user = await server.db.prisma.user.findUniqueOrThrow({ where: { email: "member@example.com" } });
    expect(user.name).toBe("Member \u{1F600}");
  });
});

describe("answers no route gives, and caching (issue 11)", () => {
  it("answers an unmatched non-GET route with JSON, not Express's HTML page", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const response = await server.fetch("/no-such-route", { method, headers: { origin: server.origin } });
      expect(response.status, method).toBe(404);
      expect(response.headers.get("content-type"), method).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ error: { reason: "NOT_FOUND", message: "Nothing is here." } });
    }
  });

  it("marks every /trpc answer private and unstorable, queries and errors alike", async () => {
    for (const response of [
      await get("auth.me", { json: null }, { cookie }),
      await get("invitation.list", { json: {} }, { cookie }),
      await post("auth.signOut", "{}", { cookie: "" }),
    ]) {
      expect(response.headers.get("cache-control")).toBe("private, no-store");
    }
  });
});
