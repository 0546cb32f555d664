import fc from "fast-check";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, hashPassword } from "@invite/api";
import { startTestServer } from "./support/server.ts";

/**
 * Generated hostile input against the real server over HTTP (SECURITY 41, issue 11): every
 * procedure's input, superjson's metadata, raw bodies and cookie bytes. Whatever is sent, no
 * answer is a 5xx, `/healthz` never waits a second, and a refused call writes no row.
 * Seeded, so a failure replays: FUZZ_SEED picks another seed, FUZZ_RUNS runs longer.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
let server: TestServer;
let adminCookie = "";

// The router's flat map of every procedure by its dotted path ("invitation.create").
const flatProcedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const procedures = Object.entries(flatProcedures).map(([path, procedure]) => ({ path, type: procedure._def.type }));

/** The longest `/healthz` answer seen while the fuzzer ran, polled every 50 ms. */
let slowestHealth = 0;
let polling = true;
async function pollHealth() {
  while (polling) {
    const started = performance.now();
    const response = await server.fetch("/healthz");
    await response.arrayBuffer();
    slowestHealth = Math.max(slowestHealth, performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
let poller: Promise<void>;

beforeAll(async () => {
  server = await startTestServer();
  const password = "a sturdy passphrase for the fuzzer";
  await server.db.prisma.user.create({
    data: { email: "admin@example.com", name: "Admin", role: "ADMIN", passwordHash: await hashPassword(password) },
  });
  const response = await server.fetch("/trpc/auth.signIn", {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json" },
    body: JSON.stringify({ json: { email: "admin@example.com", password } }),
  });
  expect(response.status).toBe(200);
  adminCookie = (response.headers.get("set-cookie") ?? "").split(";")[0]!;
  poller = pollHealth();
});

afterAll(async () => {
  polling = false;
  await poller;
  await server.close();
});

/**
 * Every row a request could write, as one digest: a refused call must leave it as it was.
 * Rate-limit buckets are left out (a refused sign-in rightly spends a point), and sessions are
 * counted rather than read (their activity time slides).
 */
async function stateDigest(): Promise<string> {
  const tables = [
    "User", "OAuthAccount", "Invitation", "EmailMessage", "AuditEvent", "Settings", "SetupToken", "PasswordReset",
    "EmailProof", "InviteLink", "InviteLinkJoin",
  ];
  const parts = tables.map((table) => `coalesce((SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM "${table}" t), '')`);
  const [row] = await server.db.prisma.$queryRawUnsafe<Array<{ digest: string }>>(
    `SELECT concat_ws('|', ${parts.join(", ")}, (SELECT count(*) FROM "Session")::text) AS digest`,
  );
  return row!.digest;
}

const FIELDS = [
  "email", "password", "token", "id", "name", "role", "status", "search", "cursor", "limit", "expiresInHours", "message",
  "registration", "defaultInviteHours", "currentPassword", "newPassword", "provider", "kind", "actorId", "redirectTo",
  "maxUses", "allowedDomains",
];

/** Strings people and attackers send: any code point (lone surrogates and NUL included), and classics. */
const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.emailAddress(),
  fc.constantFrom("\0", "\ud800", "a\udc00b", "%", "_", "\\", "' OR 1=1 --", "../../etc/passwd", "<script>", "x".repeat(5000), "ADMIN", "MEMBER", "OPEN"),
);

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.bigInt().map(String)),
  node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(hostileString, tie("node"), { maxKeys: 4 })),
})).node;

/** An input shaped like a procedure's (known field names), or anything at all. */
const input = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }),
  value,
  fc.constant(undefined),
);

/** superjson metadata: what the client writes, or anything an attacker writes in its place. */
const meta = fc.oneof(
  fc.constant(undefined),
  fc.record(
    {
      values: fc.oneof(value, fc.dictionary(hostileString, fc.tuple(fc.constantFrom("undefined", "Date", "map", "set", "bigint", "regexp", "number", "symbol"), fc.constant(undefined)).map(([type]) => [type]))),
      referentialEqualities: fc.dictionary(hostileString, fc.array(hostileString, { maxLength: 3 })),
      v: fc.oneof(fc.constant(1), value),
    },
    { requiredKeys: [] },
  ),
);

const wire = fc.oneof(
  input.map((value) => superjson.serialize(value) as unknown),
  fc.tuple(input, meta).map(([json, meta]) => (meta === undefined ? { json } : { json, meta })),
  value,
);

async function send(path: string, method: "GET" | "POST", payload: unknown, cookie: string) {
  const encoded = payload === undefined ? "" : JSON.stringify(payload);
  const headers: Record<string, string> = { origin: server.origin, cookie };
  if (method === "GET") {
    return server.fetch(`/trpc/${path}${encoded ? `?input=${encodeURIComponent(encoded)}` : ""}`, { headers });
  }
  return server.fetch(`/trpc/${path}`, { method, headers: { ...headers, "content-type": "application/json" }, body: encoded });
}

/** One call: never a 5xx, and a refused one changes nothing. */
async function expectHarmless(call: () => Promise<Response>, label: () => string) {
  const before = await stateDigest();
  const response = await call();
  await response.arrayBuffer();
  expect(response.status, label()).toBeLessThan(500);
  if (response.status >= 400) expect(await stateDigest(), `a refused call wrote: ${label()}`).toBe(before);
}

describe("fuzzing the HTTP surface (SECURITY 41)", () => {
  it("answers every procedure's generated input without a 5xx, and refused calls write nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...procedures), wire, fc.boolean(), fc.boolean(), async (procedure, payload, asAdmin, wrongMethod) => {
        // Signing the fuzzer's own admin out would leave the rest of the run anonymous.
        const cookie = asAdmin && procedure.path !== "auth.signOut" ? adminCookie : "";
        const method = (procedure.type === "query") !== wrongMethod ? "GET" : "POST";
        await expectHarmless(() => send(procedure.path, method, payload, cookie), () => `${method} ${procedure.path} ${JSON.stringify(payload)?.slice(0, 300)}`);
      }),
      { seed: SEED, numRuns: RUNS * 2, endOnFailure: true },
    );
  });

  it("answers raw bodies and batches of anything without a 5xx", async () => {
    const body = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
      fc.jsonValue({ maxDepth: 4 }).map((json) => JSON.stringify(json)),
    );
    const mutations = procedures.filter((procedure) => procedure.type === "mutation").map((procedure) => procedure.path);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...mutations), { minLength: 1, maxLength: 3 }), body, async (paths, raw) => {
        const path = paths.length > 1 ? `${paths.join(",")}?batch=1` : paths[0]!;
        await expectHarmless(
          () => server.fetch(`/trpc/${path}`, { method: "POST", headers: { origin: server.origin, "content-type": "application/json", cookie: adminCookie }, body: raw }),
          () => `POST ${path} ${JSON.stringify(raw).slice(0, 300)}`,
        );
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it("reads any cookie bytes as signed out or signed in, never a 5xx", async () => {
    const cookieByte = fc.oneof(
      fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
      fc.integer({ min: 0, max: 255 }).map((code) => `%${code.toString(16).padStart(2, "0")}`),
    );
    const token = fc.array(cookieByte, { maxLength: 80 }).map((bytes) => bytes.join("").replace(/;/g, ""));
    await fc.assert(
      fc.asyncProperty(token, fc.constantFrom("auth.me", "auth.sessions", "invitation.list"), async (value, path) => {
        await expectHarmless(() => send(path, "GET", undefined, `session=${value}`), () => `session=${value}`);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it("kept /healthz under a second throughout", () => {
    expect(slowestHealth).toBeLessThan(1000);
  });
});
