import { request as httpRequest, type IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@invite/api";
import { jpegImage, pngImage, SVG_LOGO, webpImage } from "../../../packages/api/test/support/images.ts";
import { startTestServer } from "./support/server.ts";

/*
 * SECURITY 37 over real HTTP: an uploaded file is checked by its bytes and bounded in size,
 * never SVG or HTML, and is served with its own content type and nosniff. The logo is PUT as
 * raw bytes to /api/branding/logo by an admin, and served to anyone at /branding/logo.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let adminCookie = "";
let memberCookie = "";

async function signIn(email: string, role: "ADMIN" | "MEMBER"): Promise<string> {
  const password = "a sturdy passphrase for logo tests";
  await server.db.prisma.user.create({ data: { email, name: email.split("@")[0]!, role, passwordHash: await hashPassword(password) } });
  const response = await server.fetch("/trpc/auth.signIn", {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json" },
    body: JSON.stringify({ json: { email, password } }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
}

beforeAll(async () => {
  server = await startTestServer();
  adminCookie = await signIn("logo-admin@example.com", "ADMIN");
  memberCookie = await signIn("logo-member@example.com", "MEMBER");
});
afterAll(() => server?.close());

function upload(body: Uint8Array, { type = "image/png", cookie = adminCookie, origin = server.origin }: { type?: string; cookie?: string; origin?: string | null } = {}) {
  return server.fetch("/api/branding/logo", {
    method: "PUT",
    headers: { "content-type": type, cookie, ...(origin === null ? {} : { origin }) },
    body,
  });
}

const storedLogo = () => server.db.prisma.workspaceLogo.findUnique({ where: { id: 1 }, select: { sha256: true, contentType: true } });

/**
 * Sends the headers and only the first `sentBytes` of a body that claims to be larger (or, without
 * `contentLength`, is chunked), and resolves with the answer, if it comes while the rest is unsent.
 */
function partialUpload(headers: Record<string, string | number>, sentBytes: number): Promise<{ status: number; sent: number }> {
  const url = new URL("/api/branding/logo", server.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "PUT", headers: { origin: server.origin, "content-type": "image/png", ...headers } });
    let sent = 0;
    req.on("response", (response: IncomingMessage) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, sent });
      req.destroy();
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      // The server may close the connection after answering; the answer is what counts.
      if (error.code !== "ECONNRESET" && error.code !== "EPIPE") reject(error);
    });
    const piece = Buffer.alloc(16 * 1024, 0x61);
    const writeMore = () => {
      while (sent < sentBytes) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", writeMore);
      }
      // Deliberately never req.end(): the body is never complete.
    };
    req.flushHeaders();
    writeMore();
    setTimeout(() => reject(new Error(`no answer after ${sent} bytes`)), 10_000).unref();
  });
}

describe("logo upload (SECURITY 37)", () => {
  it("an admin uploads a PNG, JPEG or WebP; what is stored is the type its bytes prove", async () => {
    for (const [bytes, type] of [
      [pngImage(), "image/png"],
      [jpegImage(), "image/jpeg"],
      [webpImage(), "image/webp"],
    ] as const) {
      const response = await upload(bytes, { type });
      expect(response.status, type).toBe(200);
      const body = (await response.json()) as { logoUrl: string; contentType: string };
      expect(body.contentType).toBe(type);
      expect(body.logoUrl).toMatch(/^\/branding\/logo\?v=[0-9a-f]{16}$/);
      expect((await storedLogo())?.contentType).toBe(type);
    }
  });

  it("wrong bytes with an image content type are refused, and the logo before stays", async () => {
    await upload(pngImage());
    const before = await storedLogo();
    for (const bytes of [Buffer.from("<html><script>alert(document.cookie)</script></html>"), SVG_LOGO, Buffer.from("just text")]) {
      const response = await upload(bytes, { type: "image/png" });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { reason: "VALIDATION_FAILED" } });
    }
    // The image's own checksum is wrong: a PNG in name and signature only.
    const doctored = pngImage();
    doctored[20] = doctored[20]! ^ 0xff;
    expect((await upload(doctored)).status).toBe(400);
    expect(await storedLogo()).toEqual(before);
  });

  it("SVG is refused by its content type, and by its bytes under any other", async () => {
    const before = await storedLogo();
    const asSvg = await upload(SVG_LOGO, { type: "image/svg+xml" });
    expect(asSvg.status).toBe(415);
    expect(((await asSvg.json()) as { error: { message: string } }).error.message).toMatch(/SVG is not accepted/);
    for (const type of ["text/html", "application/octet-stream", "image/gif"]) {
      expect((await upload(pngImage(), { type })).status, type).toBe(415);
    }
    expect((await upload(SVG_LOGO, { type: "image/webp" })).status).toBe(400);
    expect(await storedLogo()).toEqual(before);
  });

  it("over 256 KB is refused by its declared length before the body is read", async () => {
    const answer = await partialUpload({ cookie: adminCookie, "content-length": 300 * 1024 }, 16 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.sent).toBeLessThan(300 * 1024); // answered while most of the body was never sent

    // A whole one over the limit, sent in full, gets the same answer.
    const whole = await upload(pngImage({ padding: 256 * 1024 }));
    expect(whole.status).toBe(413);
    expect(await whole.json()).toMatchObject({ error: { message: "A logo may be at most 256 KB." } });
  });

  it("a chunked body with no length is cut off once it passes 256 KB, not read to its end", async () => {
    const answer = await partialUpload({ cookie: adminCookie, "transfer-encoding": "chunked" }, 288 * 1024);
    expect(answer.status).toBe(413);
  });

  it("a member, a visitor and a cross-origin page are refused before the body is read", async () => {
    const before = await storedLogo();
    const member = await upload(pngImage({ color: "#000000" }), { cookie: memberCookie });
    expect(member.status).toBe(403);
    expect(await member.json()).toMatchObject({ error: { reason: "FORBIDDEN" } });
    const visitor = await upload(pngImage({ color: "#000000" }), { cookie: "" });
    expect(visitor.status).toBe(401);
    expect(await visitor.json()).toMatchObject({ error: { reason: "UNAUTHENTICATED" } });
    // The admin's own cookie, sent by another site's page (CSRF): refused by its Origin.
    expect((await upload(pngImage({ color: "#000000" }), { origin: "https://evil.example" })).status).toBe(403);
    expect((await upload(pngImage({ color: "#000000" }), { origin: null })).status).toBe(403);
    // A visitor's 300 KB is not read either: the answer comes with most of it unsent.
    const stranger = await partialUpload({ "content-length": 300 * 1024 }, 16 * 1024);
    expect(stranger.status).toBe(401);
    expect(stranger.sent).toBeLessThan(300 * 1024);
    const removal = await server.fetch("/api/branding/logo", { method: "DELETE", headers: { origin: server.origin, cookie: memberCookie } });
    expect(removal.status).toBe(403);
    expect(await storedLogo()).toEqual(before);
  });
});

describe("logo serving (SECURITY 37)", () => {
  it("is served with its own content type, nosniff, and no way to run as a page", async () => {
    const bytes = jpegImage({ width: 90, height: 30 });
    const { logoUrl } = (await (await upload(bytes, { type: "image/jpeg" })).json()) as { logoUrl: string };
    const response = await server.fetch(logoUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin"); // mail clients show it
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("the versioned URL is cached for good; a new logo gets a new URL, and the plain URL is revalidated", async () => {
    const first = (await (await upload(pngImage({ color: "#111111" }))).json()) as { logoUrl: string };
    const versioned = await server.fetch(first.logoUrl);
    expect(versioned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const etag = versioned.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/); // strong: the bytes' SHA-256

    const plain = await server.fetch("/branding/logo");
    expect(plain.headers.get("cache-control")).toBe("no-cache");
    const unchanged = await server.fetch("/branding/logo", { headers: { "if-none-match": etag } });
    expect(unchanged.status).toBe(304);

    const second = (await (await upload(pngImage({ color: "#222222" }))).json()) as { logoUrl: string };
    expect(second.logoUrl).not.toBe(first.logoUrl);
    const changed = await server.fetch("/branding/logo", { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    // The old version's URL is no longer cached for good.
    expect((await server.fetch(first.logoUrl)).headers.get("cache-control")).toBe("no-cache");
  });

  it("DELETE removes it; then it is a 404 and branding.get names no logo", async () => {
    await upload(pngImage());
    const removal = await server.fetch("/api/branding/logo", { method: "DELETE", headers: { origin: server.origin, cookie: adminCookie } });
    expect(removal.status).toBe(200);
    expect(await removal.json()).toEqual({ removed: true });
    const gone = await server.fetch("/branding/logo");
    expect(gone.status).toBe(404);
    const branding = (await (await server.fetch("/trpc/branding.get")).json()) as { result: { data: { json: { logoUrl: unknown } } } };
    expect(branding.result.data.json.logoUrl).toBeNull();
  });

  it("other methods on the upload path are answered 405 with what is allowed", async () => {
    const response = await server.fetch("/api/branding/logo", { method: "POST", headers: { origin: server.origin, cookie: adminCookie } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("PUT, DELETE");
  });
});
