import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvitation, hashPassword } from "@invite/api";
import { startTestServer } from "./support/server.ts";

/*
 * The built SPA as the server sends it (SECURITY's caching and the compression
 * figures): precompressed variants chosen by Accept-Encoding, a year's cache for hashed
 * assets, none for index.html; and /trpc answers compressed only when large. Over real
 * HTTP with node:http, which (unlike fetch) shows the bytes as they came.
 */

const APP_JS = `console.log(${JSON.stringify("the app ".repeat(400))});\n`;
const INDEX_HTML = `<!doctype html><title>SPA</title><script type="module" src="/assets/app-1a2b3c.js"></script><div id=root></div>${" ".repeat(600)}`;

/** A dist folder as vite.config.ts leaves it: each text file with .br and .gz beside it. */
function fakeDist(): string {
  const dist = mkdtempSync(path.join(tmpdir(), "invite-dist-"));
  mkdirSync(path.join(dist, "assets"));
  const write = (file: string, text: string, variants = true) => {
    writeFileSync(path.join(dist, file), text);
    if (!variants) return;
    writeFileSync(path.join(dist, `${file}.br`), brotliCompressSync(text));
    writeFileSync(path.join(dist, `${file}.gz`), gzipSync(text));
  };
  write("index.html", INDEX_HTML);
  write("assets/app-1a2b3c.js", APP_JS);
  write("assets/tiny-9z8y7x.js", "export{};", false); // too small to be worth a variant
  return dist;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function get(origin: string, pathname: string, headers: Record<string, string> = {}, method = "GET"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(pathname, origin), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

function decoded(response: RawResponse): string {
  const coding = response.headers["content-encoding"];
  const body = coding === "br" ? brotliDecompressSync(response.body) : coding === "gzip" ? gunzipSync(response.body) : response.body;
  return body.toString("utf8");
}

let server: Awaited<ReturnType<typeof startTestServer>>;
let dist: string;
beforeAll(async () => {
  dist = fakeDist();
  server = await startTestServer({ webDist: dist });
});
afterAll(() => server?.close());

describe("the SPA's files go out precompressed, as the client's Accept-Encoding allows", () => {
  const asset = "/assets/app-1a2b3c.js";

  it.each([
    ["gzip, deflate, br, zstd", "br"], // what Chromium sends: brotli, our preference among equals
    ["br", "br"],
    ["gzip", "gzip"],
    ["GZIP", "gzip"], // codings are case-insensitive
    ["*", "br"],
    ["br;q=0, gzip", "gzip"], // q=0 means "not this one"
    ["br;q=0.5, gzip;q=0.9", "gzip"], // the client's stronger preference wins over ours
    ["gzip;q=0.5, br;q=0.8", "br"],
    ["deflate", undefined], // nothing we have: the file as it is
    ["identity", undefined],
    ["br;q=0, gzip;q=0", undefined],
    ["", undefined],
  ])("Accept-Encoding %j gets %s", async (acceptEncoding, coding) => {
    const response = await get(server.origin, asset, { "accept-encoding": acceptEncoding });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe(coding);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(decoded(response)).toBe(APP_JS);
    const file = path.join(dist, `${asset}${coding === "br" ? ".br" : coding === "gzip" ? ".gz" : ""}`);
    expect(response.body.equals(readFileSync(file))).toBe(true);
    expect(Number(response.headers["content-length"])).toBe(response.body.length);
  });

  it("without any Accept-Encoding the file goes out as it is", async () => {
    const response = await get(server.origin, asset);
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.body.toString()).toBe(APP_JS);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
  });

  it("each variant has its own ETag, and a revalidation of one is a 304", async () => {
    const br = await get(server.origin, asset, { "accept-encoding": "br" });
    const plain = await get(server.origin, asset);
    expect(br.headers.etag).toBeTruthy();
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    const again = await get(server.origin, asset, { "accept-encoding": "br", "if-none-match": br.headers.etag! });
    expect(again.status).toBe(304);
  });

  it("HEAD says the same as GET, without the body", async () => {
    const response = await get(server.origin, asset, { "accept-encoding": "br" }, "HEAD");
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    expect(Number(response.headers["content-length"])).toBe(readFileSync(path.join(dist, `${asset}.br`)).length);
    expect(response.body.length).toBe(0);
  });

  it("a file the build left without variants goes out as it is, with no Vary", async () => {
    const response = await get(server.origin, "/assets/tiny-9z8y7x.js", { "accept-encoding": "br, gzip" });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.headers.vary ?? "").not.toMatch(/accept-encoding/i);
    expect(response.body.toString()).toBe("export{};");
  });
});

describe("caching", () => {
  it("hashed assets are cached for a year and never revalidated", async () => {
    for (const [file, acceptEncoding] of [["/assets/app-1a2b3c.js", "br"], ["/assets/app-1a2b3c.js", ""], ["/assets/tiny-9z8y7x.js", "br"]]) {
      const response = await get(server.origin, file!, { "accept-encoding": acceptEncoding! });
      expect(response.headers["cache-control"], `${file} ${acceptEncoding}`).toBe("public, max-age=31536000, immutable");
    }
  });

  it("index.html, for every client route, is revalidated each time, and compressed too", async () => {
    for (const route of ["/", "/invite/abc", "/admin/invitations", "/index.html"]) {
      const response = await get(server.origin, route, { "accept-encoding": "gzip, deflate, br" });
      expect(response.status, route).toBe(200);
      expect(response.headers["cache-control"], route).toBe("no-cache");
      expect(response.headers["content-encoding"], route).toBe("br");
      expect(response.headers.vary, route).toMatch(/accept-encoding/i);
      expect(response.headers["content-type"], route).toBe("text/html; charset=utf-8");
      expect(decoded(response), route).toBe(INDEX_HTML);
    }
    const plain = await get(server.origin, "/invite/abc");
    expect(plain.headers["cache-control"]).toBe("no-cache");
    expect(plain.body.toString()).toBe(INDEX_HTML);
  });

  it("a missing asset is a 404 in JSON, never index.html (which would be cached for a year)", async () => {
    for (const [file, acceptEncoding] of [["/assets/app-000000.js", "br"], ["/assets/nope.css", ""], ["/assets/app-1a2b3c.js/x", "br"]]) {
      const response = await get(server.origin, file!, { "accept-encoding": acceptEncoding! });
      expect(response.status, file).toBe(404);
      expect(response.headers["content-type"], file).toMatch(/^application\/json/);
      expect(response.headers["content-encoding"], file).toBeUndefined();
      expect(response.headers["cache-control"] ?? "", file).not.toContain("immutable");
      expect(response.body.toString(), file).not.toContain("<div id=root>");
    }
  });

  it("paths that climb out of the build folder get nothing from outside it", async () => {
    writeFileSync(path.join(path.dirname(dist), "outside-secret.txt"), "secret");
    for (const route of ["/assets/..%2f..%2foutside-secret.txt", "/..%2foutside-secret.txt", "/assets/%2e%2e/%2e%2e/outside-secret.txt"]) {
      const response = await get(server.origin, route, { "accept-encoding": "br" });
      // A refusal, or (outside /assets) the app's page for an unknown client route.
      if (response.status === 200) expect(decoded(response), route).toBe(INDEX_HTML);
      else expect(response.status, route).toBeGreaterThanOrEqual(400);
      expect(decoded(response), route).not.toContain("secret");
    }
  });
});

describe("/trpc answers are compressed when large enough to pay", () => {
  let cookie = "";

  beforeAll(async () => {
    const password = "a sturdy passphrase for compression tests";
    const admin = await server.db.prisma.user.create({
      data: { email: "compress-admin@example.com", name: "Compress Admin", role: "ADMIN", passwordHash: await hashPassword(password) },
    });
    for (let i = 0; i < 30; i++) {
      await createInvitation(server.services, { user: admin, ip: null }, { email: `invitee-${i}@example.com`, role: "MEMBER" });
    }
    const signIn = await server.fetch("/trpc/auth.signIn", {
      method: "POST",
      headers: { origin: server.origin, "content-type": "application/json" },
      body: JSON.stringify({ json: { email: "compress-admin@example.com", password } }),
    });
    expect(signIn.status).toBe(200);
    cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
  });

  const list = `/trpc/invitation.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 30 } }))}`;

  it.each([
    ["gzip, deflate, br", "br"],
    ["gzip", "gzip"],
    ["br;q=0, gzip", "gzip"],
    ["identity", undefined],
  ])("a page of 30 invitations with Accept-Encoding %j goes out as %s", async (acceptEncoding, coding) => {
    const response = await get(server.origin, list, { cookie, "accept-encoding": acceptEncoding });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe(coding);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers["cache-control"]).toBe("private, no-store");
    const body = JSON.parse(decoded(response)) as { result: { data: { json: { items: unknown[] } } } };
    expect(body.result.data.json.items).toHaveLength(30);
    if (coding) expect(response.body.length).toBeLessThan(Buffer.byteLength(decoded(response)) / 3);
  });

  it("a small answer (under 1 KB) goes out as it is", async () => {
    for (const route of ["/trpc/auth.me", "/trpc/health"]) {
      const response = await get(server.origin, route, { cookie, "accept-encoding": "gzip, deflate, br" });
      expect(response.status, route).toBe(200);
      expect(response.body.length, route).toBeLessThan(1024);
      expect(response.headers["content-encoding"], route).toBeUndefined();
      expect(response.headers["cache-control"], route).toBe("private, no-store");
      expect(JSON.parse(response.body.toString()), route).toHaveProperty("result");
    }
  });

  it("a batch of small calls adding up past 1 KB is compressed as one answer", async () => {
    const calls = Array.from({ length: 16 }, () => "health").join(",");
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: 16 }, (_, i) => [i, {}]))));
    const response = await get(server.origin, `/trpc/${calls}?batch=1&input=${input}`, { "accept-encoding": "br" });
    expect(response.status).toBe(200);
    expect(Buffer.byteLength(decoded(response))).toBeGreaterThan(1024);
    expect(response.headers["content-encoding"]).toBe("br");
    expect(JSON.parse(decoded(response))).toHaveLength(16);
  });
});
