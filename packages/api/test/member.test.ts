import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSession, runMaintenance } from "../src/index.ts";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

let t: TestApi;
let admin: Awaited<ReturnType<TestApi["signedIn"]>>;
beforeAll(async () => {
  t = await setupApi();
  admin = await t.signedIn("root@example.com", "ADMIN");
});
afterAll(() => t?.close());

let counter = 0;
const freshEmail = (name = "member") => `${name}${++counter}@example.com`;

describe("member.list", () => {
  it("lists accounts newest first with role, sign-in methods and last activity, a page at a time", async () => {
    const ada = await t.signedIn(freshEmail("ada"));
    const oauthOnly = await t.createUser(freshEmail("oauth"), { password: null });
    await t.prisma.oAuthAccount.create({ data: { provider: "github", providerUserId: "42", userId: oauthOnly.id } });

    const first = await admin.api.member.list({ limit: 2 });
    expect(first.items.map((m) => m.email)).toEqual([oauthOnly.email, ada.user.email]);
    expect(first.items[0]).toMatchObject({ role: "MEMBER", signInMethods: ["github"], lastSeenAt: null });
    expect(first.items[1]).toMatchObject({ signInMethods: ["password"], lastSeenAt: t.clock.now() });
    // Nothing secret leaves: no password hash, no session ids.
    expect(Object.keys(first.items[0]!).sort()).toEqual(["email", "id", "joinedAt", "lastSeenAt", "name", "role", "signInMethods"]);

    const next = await admin.api.member.list({ limit: 2, cursor: first.nextCursor! });
    expect(next.items.map((m) => m.email)).toContain(admin.user.email);
  });

  it("searches by email or name, in any case", async () => {
    const grace = await t.createUser(freshEmail("grace"));
    await t.prisma.user.update({ where: { id: grace.id }, data: { name: "Grace Hopper" } });
    expect((await admin.api.member.list({ search: "HOPPER" })).items.map((m) => m.id)).toEqual([grace.id]);
    expect((await admin.api.member.list({ search: grace.email.toUpperCase() })).items.map((m) => m.id)).toEqual([grace.id]);
    expect((await admin.api.member.list({ search: "nobody-by-this-name" })).items).toEqual([]);
  });

  it("is for admins only", async () => {
    const member = await t.signedIn(freshEmail());
    expect(await failure(member.api.member.list({}))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure((await t.caller()).member.list({}))).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await failure(member.api.member.remove({ id: admin.user.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(member.api.member.setRole({ id: member.user.id, role: "ADMIN" }))).toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("member.setRole", () => {
  it("promotes and demotes, takes effect on the member's next request, and is audited", async () => {
    const member = await t.signedIn(freshEmail());
    expect(await admin.api.member.setRole({ id: member.user.id, role: "ADMIN" })).toMatchObject({ role: "ADMIN" });
    expect((await resolveSession(t.services, member.jar.token!))?.user.role).toBe("ADMIN");
    expect(await admin.api.member.setRole({ id: member.user.id, role: "MEMBER" })).toMatchObject({ role: "MEMBER" });
    const events = await t.prisma.auditEvent.findMany({ where: { action: "member.role_change", targetId: member.user.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.data)).toEqual([
      { email: member.user.email, from: "MEMBER", to: "ADMIN", revokedInvitations: 0 },
      { email: member.user.email, from: "ADMIN", to: "MEMBER", revokedInvitations: 0 },
    ]);
    expect(events[0]).toMatchObject({ actorId: admin.user.id });
  });

  it("refuses an admin's own role, so an admin always remains", async () => {
    expect(await failure(admin.api.member.setRole({ id: admin.user.id, role: "MEMBER" }))).toMatchObject({
      code: "FORBIDDEN",
      message: "You can't change the role of yourself. Ask another admin.",
    });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: admin.user.id } })).role).toBe("ADMIN");
  });

  it("answers NOT_FOUND for an unknown member and refuses a role that doesn't exist", async () => {
    expect(await failure(admin.api.member.setRole({ id: "no-such-user", role: "ADMIN" }))).toMatchObject({ code: "NOT_FOUND" });
    const bogus = { id: admin.user.id, role: "OWNER" } as unknown as { id: string; role: "ADMIN" };
    expect(await failure(admin.api.member.setRole(bogus))).toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("member.remove", () => {
  it("ends the member's sessions at once, keeps the invitations they sent, and is audited", async () => {
    const leaver = await t.signedIn(freshEmail("leaver"), "ADMIN");
    const { invitation, inviteUrl } = await leaver.api.invitation.create({ email: freshEmail("invitee") });

    expect(await admin.api.member.remove({ id: leaver.user.id })).toEqual({ email: leaver.user.email });
    expect(await resolveSession(t.services, leaver.jar.token!)).toBeNull();
    expect(await t.prisma.user.findUnique({ where: { id: leaver.user.id } })).toBeNull();

    // Their invitation still works, from "an administrator".
    const token = inviteUrl.split("/invite/")[1]!;
    expect(await (await t.caller()).invitation.preview({ token })).toMatchObject({ status: "PENDING", inviterName: "An administrator" });
    expect(await admin.api.invitation.get({ id: invitation.id })).toMatchObject({ invitedBy: null, status: "PENDING" });
    const accepted = await (await t.caller(new CookieJar())).invitation.accept({ token, password: STRONG_PASSWORD });
    expect(accepted.user.email).toBe(invitation.email);

    const [event] = await t.prisma.auditEvent.findMany({ where: { action: "member.remove", targetId: leaver.user.id } });
    expect(event).toMatchObject({ actorId: admin.user.id, data: { email: leaver.user.email, role: "ADMIN", revokedInvitations: 0 } });

    // The way back in is a new invitation: the address is free again.
    const again = await admin.api.invitation.create({ email: leaver.user.email });
    expect(again).toMatchObject({ refreshed: false, invitation: { email: leaver.user.email, status: "PENDING" } });
  });

  it("an admin removed while their request is on its way gets a 404 with words, not a 500", async () => {
    const leaving = await t.signedIn(freshEmail("mid-request"), "ADMIN");
    // Their session was resolved; then another admin removed them before the work ran.
    await t.prisma.user.delete({ where: { id: leaving.user.id } });
    expect(await failure(leaving.api.invitation.create({ email: freshEmail("orphan") }))).toMatchObject({
      code: "NOT_FOUND",
      message: "Something this needs was removed meanwhile. Refresh the page and try again.",
    });
  });

  it("refuses to remove yourself, and answers NOT_FOUND the second time", async () => {
    expect(await failure(admin.api.member.remove({ id: admin.user.id }))).toMatchObject({
      code: "FORBIDDEN",
      message: "You can't remove yourself. Ask another admin.",
    });
    const member = await t.createUser(freshEmail());
    await admin.api.member.remove({ id: member.id });
    expect(await failure(admin.api.member.remove({ id: member.id }))).toMatchObject({
      code: "NOT_FOUND",
      message: "That member no longer exists.",
    });
  });
});

describe("an invitation never grants more than its inviter has (SECURITY 12)", () => {
  const tokenOf = (url: string) => url.split("/invite/")[1]!;

  it("demoting an admin revokes the admin invitations they sent, and only those", async () => {
    const inviter = await t.signedIn(freshEmail("inviter"), "ADMIN");
    const asAdmin = await inviter.api.invitation.create({ email: freshEmail("would-be-admin"), role: "ADMIN" });
    const asMember = await inviter.api.invitation.create({ email: freshEmail("would-be-member") });

    await admin.api.member.setRole({ id: inviter.user.id, role: "MEMBER" });

    const anonymous = await t.caller(new CookieJar());
    expect(await anonymous.invitation.preview({ token: tokenOf(asAdmin.inviteUrl) })).toMatchObject({ status: "REVOKED" });
    const refused = anonymous.invitation.accept({ token: tokenOf(asAdmin.inviteUrl), password: STRONG_PASSWORD });
    expect(await failure(refused)).toMatchObject({ reason: "INVITATION_REVOKED" });
    expect(await t.prisma.user.count({ where: { email: asAdmin.invitation.email } })).toBe(0);
    // Its email, still queued, never goes out.
    expect(await t.prisma.emailMessage.findFirst({ where: { invitationId: asAdmin.invitation.id } })).toMatchObject({
      status: "FAILED",
      sealedSecret: null,
    });
    // A member invitation grants nothing they lack: it stays.
    expect(await anonymous.invitation.preview({ token: tokenOf(asMember.inviteUrl) })).toMatchObject({ status: "PENDING" });
    const [event] = await t.prisma.auditEvent.findMany({ where: { action: "member.role_change", targetId: inviter.user.id } });
    expect(event?.data).toMatchObject({ to: "MEMBER", revokedInvitations: 1 });
  });

  it("removing an admin revokes the admin invitations they sent", async () => {
    const inviter = await t.signedIn(freshEmail("remover"), "ADMIN");
    const { invitation, inviteUrl } = await inviter.api.invitation.create({ email: freshEmail("new-admin"), role: "ADMIN" });
    await admin.api.member.remove({ id: inviter.user.id });
    expect(await admin.api.invitation.get({ id: invitation.id })).toMatchObject({ status: "REVOKED" });
    const refused = (await t.caller(new CookieJar())).invitation.accept({ token: tokenOf(inviteUrl), password: STRONG_PASSWORD });
    expect(await failure(refused)).toMatchObject({ reason: "INVITATION_REVOKED" });
  });

  it("refuses at accept time an admin invitation whose inviter stopped being an admin while sending it", async () => {
    const inviter = await t.signedIn(freshEmail("racer"), "ADMIN");
    const { invitation, inviteUrl } = await inviter.api.invitation.create({ email: freshEmail("raced"), role: "ADMIN" });
    // The demotion committed first, so it had no invitation to revoke; the create came after.
    await t.prisma.user.update({ where: { id: inviter.user.id }, data: { role: "MEMBER" } });
    const anonymous = await t.caller(new CookieJar());
    const refused = anonymous.invitation.accept({ token: tokenOf(inviteUrl), password: STRONG_PASSWORD });
    expect(await failure(refused)).toMatchObject({ reason: "INVITATION_REVOKED" });
    // Its page says so at once, and the periodic job writes it down for the admins' list.
    expect(await anonymous.invitation.preview({ token: tokenOf(inviteUrl) })).toMatchObject({ status: "REVOKED" });
    expect((await runMaintenance(t.services)).adminInvitationsRevoked).toBe(1);
    expect((await admin.api.invitation.get({ id: invitation.id })).status).toBe("REVOKED");
  });

  it("two admins demoting each other at once: one wins, the other is refused", async () => {
    const a = await t.signedIn(freshEmail("duel-a"), "ADMIN");
    const b = await t.signedIn(freshEmail("duel-b"), "ADMIN");
    const results = await Promise.allSettled([
      a.api.member.setRole({ id: b.user.id, role: "MEMBER" }),
      b.api.member.setRole({ id: a.user.id, role: "MEMBER" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected")!;
    expect(await failure(Promise.reject((loser as PromiseRejectedResult).reason))).toMatchObject({
      code: "FORBIDDEN",
      message: "You are no longer an admin. Ask another admin.",
    });
    const roles = await t.prisma.user.findMany({ where: { id: { in: [a.user.id, b.user.id] } }, select: { role: true } });
    expect(roles.map((u) => u.role).sort()).toEqual(["ADMIN", "MEMBER"]);
  });
});
