import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSession, runMaintenance, signInWithProvider } from "../src/index.ts";
import { createSession } from "../src/auth/session.ts";
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
    expect(Object.keys(first.items[0]!).sort()).toEqual([
      "email",
      "id",
      "joinedAt",
      "lastSeenAt",
      "name",
      "role",
      "signInMethods",
      "suspendedAt",
    ]);
    expect(first.items[0]!.suspendedAt).toBeNull();

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

  it("takes %, _ and \\ in a search literally, not as wildcards", async () => {
    const percent = await t.createUser(freshEmail("percent"));
    const underscore = await t.createUser(`snake_${freshEmail("case")}`);
    const backslash = await t.createUser(freshEmail("backslash"));
    const trailingPercent = await t.createUser(freshEmail("trailing"));
    await t.prisma.user.update({ where: { id: percent.id }, data: { name: "Fifty% Off" } });
    await t.prisma.user.update({ where: { id: backslash.id }, data: { name: "Back\\Slash" } });
    // A pattern ending in a backslash would escape the closing wildcard and find names ending in %.
    await t.prisma.user.update({ where: { id: trailingPercent.id }, data: { name: "Hundred%" } });
    const found = async (search: string) => (await admin.api.member.list({ search, limit: 100 })).items;
    for (const [search, expected] of [
      ["%", [percent.id, trailingPercent.id]],
      ["_", [underscore.id]],
      ["\\", [backslash.id]],
      ["k\\s", [backslash.id]],
    ] as const) {
      const items = await found(search);
      for (const item of items) expect(`${item.email} ${item.name}`.toLowerCase(), search).toContain(search);
      expect(items.map((m) => m.id).sort(), search).toEqual([...expected].sort());
    }
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

describe("member.suspend and member.reactivate", () => {
  const signIn = (email: string, password = STRONG_PASSWORD) => t.caller(new CookieJar()).then((api) => api.auth.signIn({ email, password }));

  it("signs the member out at once and refuses their password until reactivated; both audited", async () => {
    const member = await t.signedIn(freshEmail("suspended"));

    const suspended = await admin.api.member.suspend({ id: member.user.id });
    expect(suspended).toMatchObject({ id: member.user.id, suspendedAt: t.clock.now() });
    expect(await resolveSession(t.services, member.jar.token!)).toBeNull();
    expect(await t.prisma.session.count({ where: { userId: member.user.id } })).toBe(0);
    expect((await admin.api.member.list({ search: member.user.email })).items[0]).toMatchObject({ suspendedAt: t.clock.now() });

    // The right password hears why; a wrong one hears what an unknown email hears (SECURITY 22).
    expect(await failure(signIn(member.user.email))).toMatchObject({
      code: "FORBIDDEN",
      reason: "ACCOUNT_SUSPENDED",
      message: "This account is suspended. Ask an admin to reactivate it.",
    });
    const unknown = await failure(signIn(freshEmail("nobody"), "not the password at all"));
    expect(await failure(signIn(member.user.email, "not the password at all"))).toEqual(unknown);
    expect(unknown).toMatchObject({ code: "UNAUTHORIZED", reason: "INVALID_CREDENTIALS" });

    // A session made in the same instant as the suspension resolves to nobody either.
    const raced = await createSession(t.prisma, member.user.id, t.clock.now(), { ip: null, userAgent: "vitest" });
    expect(await resolveSession(t.services, raced.token)).toBeNull();

    expect(await admin.api.member.reactivate({ id: member.user.id })).toMatchObject({ suspendedAt: null });
    expect((await signIn(member.user.email)).user.email).toBe(member.user.email);

    const events = await t.prisma.auditEvent.findMany({
      where: { action: { in: ["member.suspend", "member.reactivate"] }, targetId: member.user.id },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => [e.action, e.actorId, e.data])).toEqual([
      ["member.suspend", admin.user.id, { email: member.user.email, revokedInvitations: 0 }],
      ["member.reactivate", admin.user.id, { email: member.user.email }],
    ]);
    const activity = await admin.api.activity.list({ kind: "members", limit: 2 });
    expect(activity.items.map((e) => e.summary)).toEqual([`reactivated ${member.user.email}`, `suspended ${member.user.email}`]);
  });

  it("is idempotent: suspending a suspended member, or reactivating an active one, changes nothing", async () => {
    const member = await t.createUser(freshEmail("twice"));
    const first = await admin.api.member.suspend({ id: member.id });
    t.clock.advance(60_000);
    expect(await admin.api.member.suspend({ id: member.id })).toMatchObject({ suspendedAt: first.suspendedAt });
    await admin.api.member.reactivate({ id: member.id });
    expect(await admin.api.member.reactivate({ id: member.id })).toMatchObject({ suspendedAt: null });
    const actions = await t.prisma.auditEvent.findMany({ where: { targetId: member.id }, orderBy: { id: "asc" }, select: { action: true } });
    expect(actions.map((e) => e.action)).toEqual(["member.suspend", "member.reactivate"]);
  });

  it("refuses yourself, answers NOT_FOUND for an unknown member, and is for admins only", async () => {
    expect(await failure(admin.api.member.suspend({ id: admin.user.id }))).toMatchObject({
      code: "FORBIDDEN",
      message: "You can't suspend yourself. Ask another admin.",
    });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: admin.user.id } })).suspendedAt).toBeNull();
    expect(await failure(admin.api.member.suspend({ id: "no-such-user" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(admin.api.member.reactivate({ id: "no-such-user" }))).toMatchObject({ code: "NOT_FOUND" });
    const member = await t.signedIn(freshEmail());
    expect(await failure(member.api.member.suspend({ id: admin.user.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(member.api.member.reactivate({ id: member.user.id }))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("a suspended admin can no longer act, even with a request already on its way", async () => {
    const other = await t.createUser(freshEmail("bystander"));
    const suspendedAdmin = await t.signedIn(freshEmail("benched"), "ADMIN");
    await admin.api.member.suspend({ id: suspendedAdmin.user.id });
    // `api` was made while their session still resolved: it stands for a request already past sign-in.
    const noLonger = { code: "FORBIDDEN", message: "You are no longer an admin. Ask another admin." };
    expect(await failure(suspendedAdmin.api.member.suspend({ id: other.id }))).toMatchObject(noLonger);
    expect(await failure(suspendedAdmin.api.member.reactivate({ id: suspendedAdmin.user.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(suspendedAdmin.api.member.setRole({ id: other.id, role: "ADMIN" }))).toMatchObject(noLonger);
    expect(await failure((await t.caller(suspendedAdmin.jar)).member.list({}))).toMatchObject({ code: "UNAUTHORIZED" });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: other.id } })).suspendedAt).toBeNull();
  });

  it("two admins suspending each other at once: one wins, the other is refused", async () => {
    const a = await t.signedIn(freshEmail("standoff-a"), "ADMIN");
    const b = await t.signedIn(freshEmail("standoff-b"), "ADMIN");
    const results = await Promise.allSettled([a.api.member.suspend({ id: b.user.id }), b.api.member.suspend({ id: a.user.id })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected")!;
    expect(await failure(Promise.reject((loser as PromiseRejectedResult).reason))).toMatchObject({
      code: "FORBIDDEN",
      message: "You are no longer an admin. Ask another admin.",
    });
    const users = await t.prisma.user.findMany({ where: { id: { in: [a.user.id, b.user.id] } }, select: { suspendedAt: true } });
    expect(users.filter((u) => u.suspendedAt === null)).toHaveLength(1);
  });

  it("revokes the admin invitations the member sent and keeps the member ones (SECURITY 12)", async () => {
    const tokenOf = (url: string) => url.split("/invite/")[1]!;
    const inviter = await t.signedIn(freshEmail("suspended-inviter"), "ADMIN");
    const asAdmin = await inviter.api.invitation.create({ email: freshEmail("would-be-admin"), role: "ADMIN" });
    const asMember = await inviter.api.invitation.create({ email: freshEmail("would-be-member") });

    await admin.api.member.suspend({ id: inviter.user.id });

    const anonymous = await t.caller(new CookieJar());
    expect(await admin.api.invitation.get({ id: asAdmin.invitation.id })).toMatchObject({ status: "REVOKED" });
    expect(await failure(anonymous.invitation.accept({ token: tokenOf(asAdmin.inviteUrl), password: STRONG_PASSWORD }))).toMatchObject({
      reason: "INVITATION_REVOKED",
    });
    expect(await t.prisma.emailMessage.findFirst({ where: { invitationId: asAdmin.invitation.id } })).toMatchObject({ status: "FAILED" });
    const joined = await anonymous.invitation.accept({ token: tokenOf(asMember.inviteUrl), password: STRONG_PASSWORD });
    expect(joined.user.email).toBe(asMember.invitation.email);
    const [event] = await t.prisma.auditEvent.findMany({ where: { action: "member.suspend", targetId: inviter.user.id } });
    expect(event?.data).toMatchObject({ revokedInvitations: 1 });
    expect((await admin.api.activity.list({ kind: "members", limit: 5 })).items.map((e) => e.summary)).toContain(
      `suspended ${inviter.user.email}, revoking the admin invitation they had sent`,
    );
  });

  it("refuses at accept time an admin invitation sent while its inviter was being suspended", async () => {
    const tokenOf = (url: string) => url.split("/invite/")[1]!;
    const inviter = await t.signedIn(freshEmail("suspend-racer"), "ADMIN");
    const { invitation, inviteUrl } = await inviter.api.invitation.create({ email: freshEmail("suspend-raced"), role: "ADMIN" });
    // The suspension committed first, so it had no invitation to revoke; the create came after.
    await t.prisma.user.update({ where: { id: inviter.user.id }, data: { suspendedAt: t.clock.now() } });
    const anonymous = await t.caller(new CookieJar());
    expect(await failure(anonymous.invitation.accept({ token: tokenOf(inviteUrl), password: STRONG_PASSWORD }))).toMatchObject({
      reason: "INVITATION_REVOKED",
    });
    expect(await anonymous.invitation.preview({ token: tokenOf(inviteUrl) })).toMatchObject({ status: "REVOKED" });
    expect((await runMaintenance(t.services)).adminInvitationsRevoked).toBe(1);
    expect((await admin.api.invitation.get({ id: invitation.id })).status).toBe("REVOKED");
  });

  it("a suspended account gets no reset email, with the same answer, and an earlier link stops working", async () => {
    const member = await t.createUser(freshEmail("reset"));
    const requestReset = async () => {
      const answer = await (await t.caller(new CookieJar(), "203.0.113.60")).auth.requestPasswordReset({ email: member.email });
      await t.services.background.settled();
      return answer;
    };
    await requestReset();
    const queued = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: member.email, template: "passwordReset" } });
    const token = t.services.sealer.unseal(queued.sealedSecret!);

    await admin.api.member.suspend({ id: member.id });
    expect(await t.prisma.passwordReset.count({ where: { userId: member.id } })).toBe(0);
    expect(await t.prisma.emailMessage.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({ status: "FAILED", sealedSecret: null });
    const reset = (await t.caller()).auth.resetPassword({ token, password: "velvet harbor lantern 58 quartz" });
    expect(await failure(reset)).toMatchObject({ reason: "RESET_LINK_INVALID" });

    expect(await requestReset()).toEqual({ ok: true });
    expect(await t.prisma.passwordReset.count({ where: { userId: member.id } })).toBe(0);
    expect(await t.prisma.emailMessage.count({ where: { to: member.email, template: "passwordReset" } })).toBe(1);
  });

  it("a reset link made while the suspension ran cannot be used", async () => {
    const member = await t.createUser(freshEmail("reset-race"));
    await (await t.caller(new CookieJar(), "203.0.113.61")).auth.requestPasswordReset({ email: member.email });
    await t.services.background.settled();
    const queued = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: member.email, template: "passwordReset" } });
    // Suspended without the link being deleted, as when the link is written after the suspension's delete.
    await t.prisma.user.update({ where: { id: member.id }, data: { suspendedAt: t.clock.now() } });
    const reset = (await t.caller()).auth.resetPassword({ token: t.services.sealer.unseal(queued.sealedSecret!), password: "velvet harbor lantern 58 quartz" });
    expect(await failure(reset)).toMatchObject({ reason: "RESET_LINK_INVALID" });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: member.id } })).passwordHash).toBe(member.passwordHash);
  });

  it("refuses a suspended account's provider sign-in with ACCOUNT_SUSPENDED", async () => {
    const member = await t.createUser(freshEmail("oauth-suspended"), { password: null });
    await t.prisma.oAuthAccount.create({ data: { provider: "github", providerUserId: "suspended-7", userId: member.id } });
    await admin.api.member.suspend({ id: member.id });
    const identity = { provider: "github", providerUserId: "suspended-7", verifiedEmails: [member.email], name: null };
    const meta = { ip: "203.0.113.62", userAgent: "vitest", sessionId: null };
    expect(await signInWithProvider(t.services, identity, meta)).toEqual({ ok: false, reason: "ACCOUNT_SUSPENDED" });
    expect(await t.prisma.session.count({ where: { userId: member.id } })).toBe(0);
    expect(await t.prisma.auditEvent.findFirst({ where: { action: "auth.oauth_refused", actorId: member.id } })).toMatchObject({
      data: { provider: "github", reason: "ACCOUNT_SUSPENDED" },
    });

    await admin.api.member.reactivate({ id: member.id });
    expect(await signInWithProvider(t.services, identity, meta)).toMatchObject({ ok: true, outcome: "signed_in" });
  });
});
