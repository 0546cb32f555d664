import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../src/errors.ts";
import { removeLogo, saveLogo } from "../src/branding/logo.ts";
import { setupApi, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";
import { jpegImage, pngImage, SVG_LOGO } from "./support/images.ts";

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

const base = { registration: "INVITE_ONLY", defaultInviteHours: 48 } as const;

describe("workspace branding in settings", () => {
  it("a new install has none: every page keeps today's look", async () => {
    const admin = await t.signedIn("brand-fresh@example.com", "ADMIN");
    expect(await (await t.caller()).branding.get()).toEqual({ workspaceName: null, accentColor: null, logoUrl: null });
    expect(await admin.api.settings.get()).toMatchObject({ workspaceName: null, accentColor: null });
  });

  it("settings.update saves the name and colour (trimmed, lower-cased); settings.get and the public branding.get return them", async () => {
    const admin = await t.signedIn("brand-admin@example.com", "ADMIN");
    const saved = await admin.api.settings.update({ ...base, workspaceName: "  Acme  ", accentColor: "#E11D48" });
    expect(saved).toMatchObject({ workspaceName: "Acme", accentColor: "#e11d48" });
    expect(await admin.api.settings.get()).toMatchObject({ workspaceName: "Acme", accentColor: "#e11d48" });
    expect(await (await t.caller()).branding.get()).toEqual({ workspaceName: "Acme", accentColor: "#e11d48", logoUrl: null });

    // Left out, they stay; the other settings form saves without touching them.
    await admin.api.settings.update({ ...base, defaultInviteHours: 72 });
    expect(await admin.api.settings.get()).toMatchObject({ workspaceName: "Acme", accentColor: "#e11d48", defaultInviteHours: 72 });

    // "" or null clears them.
    await admin.api.settings.update({ ...base, workspaceName: "", accentColor: null });
    expect(await (await t.caller()).branding.get()).toMatchObject({ workspaceName: null, accentColor: null });
  });

  it("refuses a colour that is not #rrggbb and a name with control or direction-changing characters, saving nothing", async () => {
    const admin = await t.signedIn("brand-refuse@example.com", "ADMIN");
    await admin.api.settings.update({ ...base, workspaceName: "Before", accentColor: "#123456" });
    for (const accentColor of ["red", "#abc", "#12345g", "url(javascript:alert(1))"]) {
      const refused = await failure(admin.api.settings.update({ ...base, accentColor }));
      expect(refused, accentColor).toMatchObject({ code: "BAD_REQUEST" }); // zod's refusal: VALIDATION_FAILED on the wire
    }
    for (const workspaceName of ["Acme\r\nBcc: x@evil.example", "Acme\u202egnp.exe", "x".repeat(61)]) {
      const refused = await failure(admin.api.settings.update({ ...base, workspaceName }));
      expect(refused, JSON.stringify(workspaceName)).toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(await (await t.caller()).branding.get()).toMatchObject({ workspaceName: "Before", accentColor: "#123456" });
  });

  it("only admins change it; a member or a visitor is refused", async () => {
    const member = await t.signedIn("brand-member@example.com");
    expect(await failure(member.api.settings.update({ ...base, workspaceName: "Hijacked" }))).toMatchObject({ reason: "FORBIDDEN" });
    expect(await failure((await t.caller()).settings.update({ ...base, workspaceName: "Hijacked" }))).toMatchObject({
      reason: "UNAUTHENTICATED",
    });
    expect((await (await t.caller()).branding.get()).workspaceName).not.toBe("Hijacked");
  });

  it("the invitation preview carries the branding, so the accept page needs no second request", async () => {
    const admin = await t.signedIn("brand-inviter@example.com", "ADMIN");
    await admin.api.settings.update({ ...base, workspaceName: "Acme", accentColor: "#0f766e" });
    const { inviteUrl } = await admin.api.invitation.create({ email: "brand-invitee@example.com", role: "ADMIN" });
    const token = inviteUrl.slice(inviteUrl.lastIndexOf("/") + 1);
    const preview = await (await t.caller()).invitation.preview({ token });
    expect(preview).toMatchObject({ role: "ADMIN", branding: { workspaceName: "Acme", accentColor: "#0f766e", logoUrl: null } });
  });

  it("changes are in the activity page, in words", async () => {
    const admin = await t.signedIn("brand-audit@example.com", "ADMIN");
    await admin.api.settings.update({ ...base, workspaceName: "Globex", accentColor: "#aa3300" });
    await saveLogo(t.services, { userId: admin.user.id, ip: null }, pngImage({ width: 48, height: 24 }));
    await removeLogo(t.services, { userId: admin.user.id, ip: null });
    const { items } = await admin.api.activity.list({ kind: "settings", actorId: admin.user.id, limit: 10 });
    expect(items.map((item) => item.summary)).toEqual([
      "removed the logo",
      "uploaded a new logo (PNG, 48×24)",
      "changed the settings: invitation only, invitations last 48 hours, the workspace name Globex, the accent colour #aa3300",
    ]);
  });
});

describe("the logo (SECURITY 37)", () => {
  it("an image is stored with the type its bytes prove, and branding.get names its versioned URL", async () => {
    const admin = await t.signedIn("logo-admin@example.com", "ADMIN");
    const png = await saveLogo(t.services, { userId: admin.user.id, ip: null }, pngImage());
    expect(png).toMatchObject({ contentType: "image/png", width: 64, height: 64 });
    expect(png.logoUrl).toMatch(/^\/branding\/logo\?v=[0-9a-f]{16}$/);
    expect((await (await t.caller()).branding.get()).logoUrl).toBe(png.logoUrl);

    const jpeg = await saveLogo(t.services, { userId: admin.user.id, ip: null }, jpegImage());
    expect(jpeg.contentType).toBe("image/jpeg");
    expect(jpeg.logoUrl).not.toBe(png.logoUrl); // a new logo, a new URL: caches never show the old one
    expect((await (await t.caller()).branding.get()).logoUrl).toBe(jpeg.logoUrl);
  });

  it("an uploaded file whose bytes are not an image is refused, and the logo before it stays", async () => {
    const admin = await t.signedIn("logo-refuse@example.com", "ADMIN");
    const kept = await saveLogo(t.services, { userId: admin.user.id, ip: null }, pngImage({ color: "#123456" }));
    for (const bytes of [SVG_LOGO, Buffer.from("<html><script>alert(1)</script></html>"), Buffer.from("not an image at all")]) {
      const refused = await saveLogo(t.services, { userId: admin.user.id, ip: null }, bytes).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).reason).toBe("VALIDATION_FAILED");
    }
    const tooLarge = await saveLogo(t.services, { userId: admin.user.id, ip: null }, pngImage({ padding: 256 * 1024 })).catch((e: unknown) => e);
    expect((tooLarge as AppError).reason).toBe("VALIDATION_FAILED");
    expect((await (await t.caller()).branding.get()).logoUrl).toBe(kept.logoUrl);
    const row = await t.prisma.workspaceLogo.findUniqueOrThrow({ where: { id: 1 } });
    expect(row.contentType).toBe("image/png");
  });

  it("removing it brings back the product's own mark", async () => {
    const admin = await t.signedIn("logo-remove@example.com", "ADMIN");
    await saveLogo(t.services, { userId: admin.user.id, ip: null }, pngImage());
    expect(await removeLogo(t.services, { userId: admin.user.id, ip: null })).toEqual({ removed: true });
    expect(await removeLogo(t.services, { userId: admin.user.id, ip: null })).toEqual({ removed: false });
    expect((await (await t.caller()).branding.get()).logoUrl).toBeNull();
  });
});
