import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_RETENTION_MS, runMaintenance } from "../src/maintenance.ts";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

let t: TestApi;
let admin: Awaited<ReturnType<TestApi["signedIn"]>>;
beforeAll(async () => {
  t = await setupApi();
  admin = await t.signedIn("root@example.com", "ADMIN");
  await t.prisma.user.update({ where: { id: admin.user.id }, data: { name: "Root" } });
  admin = { ...admin, api: await t.caller(admin.jar) };
});
afterAll(() => t?.close());

describe("activity.list", () => {
  it("tells the audit trail in words, newest first, a page at a time", async () => {
    const kept = await admin.api.invitation.create({ email: "ada@example.com", role: "ADMIN" });
    const dropped = await admin.api.invitation.create({ email: "bob@example.com" });
    await admin.api.invitation.revoke({ id: dropped.invitation.id });
    const token = kept.inviteUrl.split("/invite/")[1]!;
    const { user: ada } = await (await t.caller(new CookieJar())).invitation.accept({ token, password: STRONG_PASSWORD, name: "Ada" });
    await admin.api.member.setRole({ id: ada.id, role: "MEMBER" });
    await admin.api.settings.update({ registration: "OPEN", defaultInviteHours: 72 });
    await admin.api.member.remove({ id: ada.id });

    const first = await admin.api.activity.list({ limit: 6 });
    const rest = await admin.api.activity.list({ limit: 6, cursor: first.nextCursor! });
    expect(rest.nextCursor).toBeNull();
    const items = [...first.items, ...rest.items];
    expect(items.map((e) => [e.actor?.name ?? null, e.summary])).toEqual([
      ["Root", "removed ada@example.com (Member)"],
      ["Root", "changed the settings: open sign-up, invitations last 72 hours"],
      // Ada's account is gone: the event still says whose role changed, from its own record.
      ["Root", "made ada@example.com a member"],
      [null, "joined through their invitation, with a password"],
      ["Root", "revoked the invitation to bob@example.com"],
      ["Root", "invited bob@example.com as Member"],
      ["Root", "invited ada@example.com as Admin"],
    ]);
    expect(items[0]).toMatchObject({ action: "member.remove", ip: "203.0.113.7" });
  });

  it("shows one kind of event, one person's doing, or both, and names the person", async () => {
    const other = await t.signedIn("other-admin@example.com", "ADMIN");
    await other.api.invitation.create({ email: "kind-1@example.com" });
    await admin.api.invitation.create({ email: "kind-2@example.com" });
    await (await t.caller(new CookieJar())).auth.signIn({ email: "other-admin@example.com", password: STRONG_PASSWORD });
    await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48 });

    const summaries = async (input: Parameters<typeof admin.api.activity.list>[0]) =>
      (await admin.api.activity.list({ ...input, limit: 100 })).items.map((e) => `${e.actor?.email ?? "-"} ${e.summary}`);
    expect((await summaries({ kind: "invitations" })).slice(0, 2)).toEqual([
      "root@example.com invited kind-2@example.com as Member",
      "other-admin@example.com invited kind-1@example.com as Member",
    ]);
    expect(await summaries({ kind: "sign-ins" })).toEqual(["other-admin@example.com signed in with a password"]);
    expect((await summaries({ kind: "settings" }))[0]).toBe(
      "root@example.com changed the settings: invitation only, invitations last 48 hours",
    );
    expect(await summaries({ actorId: other.user.id })).toEqual([
      "other-admin@example.com signed in with a password",
      "other-admin@example.com invited kind-1@example.com as Member",
    ]);
    expect(await summaries({ actorId: other.user.id, kind: "invitations" })).toEqual([
      "other-admin@example.com invited kind-1@example.com as Member",
    ]);
    const filtered = await admin.api.activity.list({ actorId: other.user.id });
    expect(filtered.person).toEqual({ id: other.user.id, name: other.user.name, email: "other-admin@example.com" });
    expect((await admin.api.activity.list({ actorId: "no-such-person" })).person).toBeNull();
    expect(await failure(admin.api.activity.list({ kind: "logins" as never }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("keeps a year of events: the periodic job deletes older ones", async () => {
    const now = t.clock.now().getTime();
    const day = 24 * 60 * 60 * 1000;
    await t.prisma.auditEvent.createMany({
      data: [
        { action: "test.retention", targetType: "test", targetId: "old", createdAt: new Date(now - AUDIT_RETENTION_MS - day) },
        { action: "test.retention", targetType: "test", targetId: "recent", createdAt: new Date(now - AUDIT_RETENTION_MS + day) },
      ],
    });
    expect((await runMaintenance(t.services)).auditEventsDeleted).toBe(1);
    const left = await t.prisma.auditEvent.findMany({ where: { action: "test.retention" }, select: { targetId: true } });
    expect(left).toEqual([{ targetId: "recent" }]);
  });

  it("account.rename: anyone renames themselves, trimmed, audited; a blank name is refused", async () => {
    const member = await t.signedIn("renamer@example.com");
    expect(await member.api.account.rename({ name: "  Ada Lovelace " })).toEqual({ name: "Ada Lovelace" });
    expect((await (await t.caller(member.jar)).auth.me())?.name).toBe("Ada Lovelace");
    expect(await failure(member.api.account.rename({ name: "   " }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Enter your name.") });
    const [latest] = (await admin.api.activity.list({ actorId: member.user.id })).items;
    expect(latest?.summary).toBe("changed their name from renamer to Ada Lovelace");
    expect(await failure((await t.caller()).account.rename({ name: "Nobody" }))).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("is for admins only", async () => {
    const member = await t.signedIn("member@example.com");
    expect(await failure(member.api.activity.list({}))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure((await t.caller()).activity.list({}))).toMatchObject({ code: "UNAUTHORIZED" });
  });
});
