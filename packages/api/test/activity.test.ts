import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

  it("is for admins only", async () => {
    const member = await t.signedIn("member@example.com");
    expect(await failure(member.api.activity.list({}))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure((await t.caller()).activity.list({}))).toMatchObject({ code: "UNAUTHORIZED" });
  });
});
