import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INVITE_LINK_HOURS_DEFAULT } from "@invite/schemas";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

/*
 * Shareable invitation links (SECURITY 35, 36): an admin makes one link with a role, an expiry,
 * a use cap and allowed domains; anyone holding it proves an email (`inviteLink.join` emails the
 * same kind of `/sign-up/<token>` proof as open sign-up) and `auth.completeSignUp` makes them a
 * member of the link's role, claiming one use atomically. The workspace stays INVITE_ONLY here,
 * as a new install is: a valid link admits people all the same.
 */

let t: TestApi;
let admin: Awaited<ReturnType<TestApi["signedIn"]>>;
let ipCounter = 0;
/** Each call asks from its own address, so the per-address sign-up allowance never carries over. */
const nextIp = () => `198.51.100.${++ipCounter % 250}`;
let emailCounter = 0;
const freshEmail = (label = "joiner", domain = "example.com") => `${label.toLowerCase()}${++emailCounter}@${domain}`;

beforeAll(async () => {
  t = await setupApi();
  admin = await t.signedIn("owner@example.com", "ADMIN");
  await t.prisma.user.update({ where: { id: admin.user.id }, data: { name: "Ada Owner" } });
  admin = { ...admin, api: await t.caller(admin.jar) };
});
afterAll(() => t?.close());

const tokenOf = (url: string) => url.split("/join/")[1]!;

/** Asks to join as a stranger would, then lets the work behind the answer finish. */
async function join(token: string, email: string) {
  const answer = await (await t.caller(new CookieJar(), nextIp())).inviteLink.join({ token, email });
  await t.services.background.settled();
  return answer;
}

/** The newest email of `template` to `to`, and the token it carries, unsealed as the worker would. */
async function emailed(to: string, template: "signUp" | "invitation" | "accountExists") {
  const live = template === "accountExists" ? {} : { sealedSecret: { not: null } };
  const message = await t.prisma.emailMessage.findFirst({ where: { to, template, ...live }, orderBy: { createdAt: "desc" } });
  return { message, token: message?.sealedSecret ? t.services.sealer.unseal(message.sealedSecret) : null };
}

async function complete(token: string, name = "Joiner", jar = new CookieJar()) {
  return (await t.caller(jar, nextIp())).auth.completeSignUp({ token, name, password: STRONG_PASSWORD });
}

/** Joins through `link` as `email` (as typed) and returns the proof link's token from the outbox. */
async function proofFor(link: string, email: string) {
  expect(await join(link, email)).toEqual({ ok: true });
  const { token } = await emailed(email.trim().toLowerCase(), "signUp");
  expect(token, `a proof link for ${email}`).toMatch(/^[a-z2-7]{32}$/);
  return token!;
}

describe("inviteLink.create, list and revoke (admins only)", () => {
  it("SECURITY 1, 2, 9: the link is ${APP_URL}/join/<160 random bits>, only its SHA-256 is stored, and list never carries it", async () => {
    const { link, url } = await admin.api.inviteLink.create({ role: "MEMBER", expiresInHours: 24, maxUses: 5, allowedDomains: [" @Example.COM", "example.org"] });
    expect(url).toMatch(/^https:\/\/app\.example\.com\/join\/[a-z2-7]{32}$/);
    expect(link).toMatchObject({
      role: "MEMBER",
      status: "ACTIVE",
      maxUses: 5,
      uses: 0,
      allowedDomains: ["example.com", "example.org"],
      revokedAt: null,
      createdBy: { id: admin.user.id, name: "Ada Owner", email: "owner@example.com" },
      joined: [],
    });
    expect(link.expiresAt!.getTime() - t.clock.now().getTime()).toBe(24 * 60 * 60 * 1000);
    const row = await t.prisma.inviteLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(Buffer.from(row.tokenHash).toString("hex")).not.toContain(Buffer.from(tokenOf(url)).toString("hex"));
    expect(JSON.stringify(row)).not.toContain(tokenOf(url));
    const listed = await admin.api.inviteLink.list();
    expect(JSON.stringify(listed)).not.toContain(tokenOf(url));
    expect(listed.items[0]).toMatchObject({ id: link.id, uses: 0 });
    // Left out, the expiry is a week and there is no cap; null asks for a link that never expires.
    const defaults = await admin.api.inviteLink.create({});
    expect(defaults.link).toMatchObject({ role: "MEMBER", maxUses: null, allowedDomains: [] });
    expect(defaults.link.expiresAt!.getTime() - t.clock.now().getTime()).toBe(INVITE_LINK_HOURS_DEFAULT * 60 * 60 * 1000);
    expect((await admin.api.inviteLink.create({ expiresInHours: null, maxUses: null })).link.expiresAt).toBeNull();
  });

  it("SECURITY 12: members and strangers can neither create, list nor revoke", async () => {
    const { link } = await admin.api.inviteLink.create({});
    const member = await t.signedIn(freshEmail("plain"));
    const anon = await t.caller();
    expect(await failure(member.api.inviteLink.create({}))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(member.api.inviteLink.list())).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(member.api.inviteLink.revoke({ id: link.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(anon.inviteLink.create({}))).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await failure(anon.inviteLink.list())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await failure(anon.inviteLink.revoke({ id: link.id }))).toMatchObject({ code: "UNAUTHORIZED" });
    expect((await t.prisma.inviteLink.findUniqueOrThrow({ where: { id: link.id } })).revokedAt).toBeNull();
  });

  it("bounds: 1 to 720 hours or none, 1 to 10,000 uses or none, at most 50 valid domains; nothing is written for a refused one", async () => {
    const before = await t.prisma.inviteLink.count();
    const refused = [
      { expiresInHours: 0 },
      { expiresInHours: 721 },
      { expiresInHours: 1.5 },
      { maxUses: 0 },
      { maxUses: 10_001 },
      { maxUses: -1 },
      { allowedDomains: ["not a domain"] },
      { allowedDomains: ["example.com/evil"] },
      { allowedDomains: Array.from({ length: 51 }, (_, i) => `d${i}.example.com`) },
      { role: "OWNER" },
    ];
    for (const input of refused) {
      expect(await failure(admin.api.inviteLink.create(input as never)), JSON.stringify(input).slice(0, 80)).toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(await t.prisma.inviteLink.count()).toBe(before);
    const widest = await admin.api.inviteLink.create({
      expiresInHours: 720,
      maxUses: 10_000,
      allowedDomains: Array.from({ length: 50 }, (_, i) => `d${i}.example.com`),
    });
    expect(widest.link).toMatchObject({ maxUses: 10_000 });
    expect(widest.link.allowedDomains).toHaveLength(50);
    expect((await admin.api.inviteLink.create({ expiresInHours: 1, maxUses: 1 })).link.maxUses).toBe(1);
  });

  it("SECURITY 36: revoking stops the link at once, for joins and for proof links already emailed; revoking twice changes nothing", async () => {
    const { link, url } = await admin.api.inviteLink.create({});
    const email = freshEmail();
    const proof = await proofFor(tokenOf(url), email);
    const revoked = await admin.api.inviteLink.revoke({ id: link.id });
    expect(revoked).toMatchObject({ id: link.id, status: "REVOKED", revokedAt: t.clock.now() });

    expect(await failure(join(tokenOf(url), freshEmail()))).toMatchObject({ code: "BAD_REQUEST", reason: "INVITE_LINK_REVOKED" });
    expect((await (await t.caller()).inviteLink.preview({ token: tokenOf(url) })).status).toBe("REVOKED");
    const preview = await (await t.caller()).auth.signUpPreview({ token: proof });
    expect(preview).toMatchObject({ status: "PENDING", inviteLink: { id: link.id, status: "REVOKED" } });
    expect(await failure(complete(proof))).toMatchObject({ reason: "INVITE_LINK_REVOKED" });
    expect(await t.prisma.user.count({ where: { email } })).toBe(0);

    await admin.api.inviteLink.revoke({ id: link.id });
    expect(await t.prisma.auditEvent.count({ where: { action: "inviteLink.revoke", targetId: link.id } })).toBe(1);
    expect(await failure(admin.api.inviteLink.revoke({ id: "no-such-link" }))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("inviteLink.preview", () => {
  it("SECURITY 7: opening the link consumes nothing and shows the workspace, role, inviter, expiry and status; never the token or who joined", async () => {
    await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48, workspaceName: "Acme" });
    const { link, url } = await admin.api.inviteLink.create({ role: "ADMIN", expiresInHours: 48, maxUses: 1, allowedDomains: ["example.com"] });
    const anon = await t.caller();
    for (let i = 0; i < 5; i++) {
      const preview = await anon.inviteLink.preview({ token: tokenOf(url) });
      expect(preview).toEqual({
        role: "ADMIN",
        inviterName: "Ada Owner",
        expiresAt: link.expiresAt,
        status: "ACTIVE",
        allowedDomains: ["example.com"],
        methods: ["password"],
        branding: { workspaceName: "Acme", accentColor: null, logoUrl: null },
      });
    }
    expect((await t.prisma.inviteLink.findUniqueOrThrow({ where: { id: link.id } })).uses).toBe(0);
    await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48, workspaceName: null });
  });

  it("SECURITY 6: a garbage, altered, cut, empty, 10 KB or wrong-type token is a 4xx (INVITE_LINK_NOT_FOUND), for preview and join", async () => {
    const { url } = await admin.api.inviteLink.create({});
    const token = tokenOf(url);
    const anon = await t.caller(new CookieJar(), nextIp());
    const altered = token.slice(0, -1) + (token.endsWith("a") ? "b" : "a");
    for (const hostile of ["a".repeat(32), altered, token.slice(0, 20), "", "x".repeat(10_000), "../../etc/passwd", 42, null]) {
      expect(await failure(anon.inviteLink.preview({ token: hostile as string }))).toMatchObject({ code: "NOT_FOUND", reason: "INVITE_LINK_NOT_FOUND" });
      expect(await failure(anon.inviteLink.join({ token: hostile as string, email: freshEmail() }))).toMatchObject({
        code: "NOT_FOUND",
        reason: "INVITE_LINK_NOT_FOUND",
      });
    }
    expect(await failure(anon.inviteLink.join({ token, email: "not an email" }))).toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("inviteLink.join and auth.completeSignUp", () => {
  it("SECURITY 34: join emails a proof link and creates nothing; completing it makes a member of the link's role, in INVITE_ONLY mode", async () => {
    expect((await admin.api.settings.get()).registration).toBe("INVITE_ONLY");
    const { link, url } = await admin.api.inviteLink.create({ role: "ADMIN", maxUses: 10 });
    const email = freshEmail("grace");
    const proof = await proofFor(tokenOf(url), ` ${email.toUpperCase()} `);
    expect(await t.prisma.user.count({ where: { email } })).toBe(0);
    expect((await t.prisma.inviteLink.findUniqueOrThrow({ where: { id: link.id } })).uses).toBe(0);
    const message = (await emailed(email, "signUp")).message!;
    expect(message.payload).toMatchObject({ join: { role: "ADMIN", inviterName: "Ada Owner" } });

    const anon = await t.caller();
    expect(await anon.auth.signUpPreview({ token: proof })).toMatchObject({
      email,
      status: "PENDING",
      inviteLink: { id: link.id, role: "ADMIN", inviterName: "Ada Owner", status: "ACTIVE", expiresAt: link.expiresAt },
    });
    const jar = new CookieJar();
    const done = await complete(proof, "Grace Hopper", jar);
    expect(done).toMatchObject({ user: { email, name: "Grace Hopper", role: "ADMIN" }, redirectTo: "/" });
    expect((await (await t.caller(jar)).auth.me())?.role).toBe("ADMIN");

    const listed = (await admin.api.inviteLink.list()).items.find((item) => item.id === link.id)!;
    expect(listed).toMatchObject({ uses: 1, status: "ACTIVE", joined: [{ id: done.user.id, name: "Grace Hopper", email, joinedAt: t.clock.now() }] });
    expect(await failure(complete(proof))).toMatchObject({ reason: "SIGN_UP_LINK_USED" });
    expect((await t.prisma.inviteLink.findUniqueOrThrow({ where: { id: link.id } })).uses).toBe(1);
  });

  it("SECURITY 36: allowed domains are checked against the proven email: EMAIL_DOMAIN_NOT_ALLOWED at join, and nothing is sent", async () => {
    const { url } = await admin.api.inviteLink.create({ allowedDomains: ["example.org"] });
    const outsider = freshEmail("outsider", "evil.example");
    const refused = await failure(join(tokenOf(url), outsider));
    expect(refused).toMatchObject({ code: "FORBIDDEN", reason: "EMAIL_DOMAIN_NOT_ALLOWED", details: { allowedDomains: ["example.org"] } });
    // Exact domains only: a subdomain is not the domain.
    expect(await failure(join(tokenOf(url), freshEmail("sub", "eng.example.org")))).toMatchObject({ reason: "EMAIL_DOMAIN_NOT_ALLOWED" });
    expect(await t.prisma.emailMessage.count({ where: { to: outsider } })).toBe(0);
    const insider = freshEmail("insider", "example.org");
    expect((await complete(await proofFor(tokenOf(url), insider))).user.email).toBe(insider);
  });

  it("an address with an account hears so (no link); a suspended one gets nothing; no use is spent", async () => {
    const { link, url } = await admin.api.inviteLink.create({ maxUses: 5 });
    const existing = await t.createUser(freshEmail("existing"));
    const suspended = await t.prisma.user.update({ where: { id: (await t.createUser(freshEmail("suspended"))).id }, data: { suspendedAt: t.clock.now() } });
    expect(await join(tokenOf(url), existing.email)).toEqual({ ok: true });
    expect(await join(tokenOf(url), suspended.email)).toEqual({ ok: true });
    expect((await emailed(existing.email, "accountExists")).message).not.toBeNull();
    expect(await t.prisma.emailMessage.count({ where: { to: suspended.email } })).toBe(0);
    expect(await t.prisma.emailProof.count({ where: { email: { in: [existing.email, suspended.email] } } })).toBe(0);
    expect((await t.prisma.inviteLink.findUniqueOrThrow({ where: { id: link.id } })).uses).toBe(0);
  });

  it("SECURITY 35: an address with a pending invitation gets that invitation again, never the link's role; completing an earlier proof is INVITATION_PENDING", async () => {
    const { link, url } = await admin.api.inviteLink.create({ role: "ADMIN" });
    const invitedMember = freshEmail("invited");
    await admin.api.invitation.create({ email: invitedMember, role: "MEMBER" });
    expect(await join(tokenOf(url), invitedMember)).toEqual({ ok: true });
    expect(await t.prisma.emailProof.count({ where: { email: invitedMember } })).toBe(0);
    expect(await t.prisma.emailMessage.count({ where: { to: invitedMember, template: "invitation" } })).toBe(2);
    const { token } = await emailed(invitedMember, "invitation");
    const accepted = await (await t.caller()).invitation.accept({ token: token!, password: STRONG_PASSWORD });
    expect(accepted.user.role).toBe("MEMBER"); // the invitation's role, not the ADMIN link's

    // An invitation made after the proof was sent wins too: nothing is created, and it is sent again.
    const late = freshEmail("late");
    const proof = await proofFor(tokenOf(url), late);
    await admin.api.invitation.create({ email: late, role: "MEMBER" });
    expect((await (await t.caller()).auth.signUpPreview({ token: proof })).status).toBe("INVITED");
    expect(await failure(complete(proof))).toMatchObject({ code: "CONFLICT", reason: "INVITATION_PENDING" });
    await t.services.background.settled();
    expect(await t.prisma.user.count({ where: { email: late } })).toBe(0);
    expect((await t.prisma.inviteLink.findUniqueOrThrow({ where: { id: link.id } })).uses).toBe(0);
  });

  it("SECURITY 36: expired and full links answer their own reason at join and at completion, and create nothing", async () => {
    const { link: shortLived, url: shortUrl } = await admin.api.inviteLink.create({ expiresInHours: 1 });
    t.clock.advance(30 * 60 * 1000);
    const late = freshEmail("late-proof");
    const lateProof = await proofFor(tokenOf(shortUrl), late); // good for an hour, past the link's end
    t.clock.advance(30 * 60 * 1000);
    expect(await failure(join(tokenOf(shortUrl), freshEmail()))).toMatchObject({ code: "BAD_REQUEST", reason: "INVITE_LINK_EXPIRED" });
    expect(await failure(complete(lateProof))).toMatchObject({ reason: "INVITE_LINK_EXPIRED" });
    expect((await (await t.caller()).inviteLink.preview({ token: tokenOf(shortUrl) })).status).toBe("EXPIRED");
    expect(await t.prisma.user.count({ where: { email: late } })).toBe(0);
    expect((await t.prisma.inviteLink.findUniqueOrThrow({ where: { id: shortLived.id } })).uses).toBe(0);

    const { link: single, url: singleUrl } = await admin.api.inviteLink.create({ maxUses: 1 });
    const [first, second] = [freshEmail("first"), freshEmail("second")];
    const firstProof = await proofFor(tokenOf(singleUrl), first);
    const secondProof = await proofFor(tokenOf(singleUrl), second);
    await complete(firstProof);
    expect(await failure(join(tokenOf(singleUrl), freshEmail()))).toMatchObject({ code: "CONFLICT", reason: "INVITE_LINK_FULL" });
    expect(await failure(complete(secondProof))).toMatchObject({ code: "CONFLICT", reason: "INVITE_LINK_FULL" });
    expect(await t.prisma.user.count({ where: { email: second } })).toBe(0);
    // The refused claim rolled back with the rest: the proof is still unused.
    expect((await t.prisma.emailProof.findFirstOrThrow({ where: { email: second } })).usedAt).toBeNull();
    expect((await t.prisma.inviteLink.findUniqueOrThrow({ where: { id: single.id } })).uses).toBe(1);
    expect((await admin.api.inviteLink.list()).items.find((item) => item.id === single.id)?.status).toBe("FULL");
  });

  it("SECURITY 36: the use cap holds under 20 concurrent completions at one use left: exactly one wins", async () => {
    const { link, url } = await admin.api.inviteLink.create({ maxUses: 3 });
    for (let i = 0; i < 2; i++) await complete(await proofFor(tokenOf(url), freshEmail("early")));
    const racers = Array.from({ length: 20 }, () => freshEmail("racer"));
    const proofs = [];
    for (const email of racers) proofs.push(await proofFor(tokenOf(url), email));

    const results = await Promise.allSettled(proofs.map((proof) => complete(proof)));
    const won = results.filter((result) => result.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason.cause?.reason).toBe("INVITE_LINK_FULL");
    }
    expect(await t.prisma.user.count({ where: { email: { in: racers } } })).toBe(1);
    expect(await t.prisma.session.count({ where: { user: { email: { in: racers } } } })).toBe(1);
    expect(await t.prisma.inviteLinkJoin.count({ where: { linkId: link.id } })).toBe(3);
    expect((await t.prisma.inviteLink.findUniqueOrThrow({ where: { id: link.id } })).uses).toBe(3);
  });

  it("SECURITY 35: an ADMIN link stops when its creator is no longer an active admin, and stays stopped when they are one again", async () => {
    const second = await t.signedIn(freshEmail("second-admin"), "ADMIN");
    const { link, url } = await second.api.inviteLink.create({ role: "ADMIN" });
    const { url: memberUrl } = await second.api.inviteLink.create({ role: "MEMBER" });
    const proof = await proofFor(tokenOf(url), freshEmail("would-be-admin"));
    await admin.api.member.setRole({ id: second.user.id, role: "MEMBER" });

    expect((await (await t.caller()).inviteLink.preview({ token: tokenOf(url) })).status).toBe("REVOKED");
    expect(await failure(complete(proof))).toMatchObject({ reason: "INVITE_LINK_REVOKED" });
    await admin.api.member.setRole({ id: second.user.id, role: "ADMIN" });
    expect((await t.prisma.inviteLink.findUniqueOrThrow({ where: { id: link.id } })).revokedAt).not.toBeNull();
    expect(await failure(join(tokenOf(url), freshEmail()))).toMatchObject({ reason: "INVITE_LINK_REVOKED" });
    // A member link is not more than a member has: it keeps working, even once its creator is removed.
    await admin.api.member.remove({ id: second.user.id });
    const preview = await (await t.caller()).inviteLink.preview({ token: tokenOf(memberUrl) });
    expect(preview).toMatchObject({ status: "ACTIVE", inviterName: "An administrator" });
    expect((await complete(await proofFor(tokenOf(memberUrl), freshEmail("after-removal")))).user.role).toBe("MEMBER");
  });

  it("the activity page shows each link made, revoked and joined", async () => {
    const { link, url } = await admin.api.inviteLink.create({ role: "MEMBER", expiresInHours: 72, maxUses: 25, allowedDomains: ["example.com"] });
    const joiner = freshEmail("Lin");
    await complete(await proofFor(tokenOf(url), joiner), "Lin");
    await admin.api.inviteLink.revoke({ id: link.id });
    const events = await admin.api.activity.list({ kind: "invitations", limit: 3 });
    expect(events.items.map((event) => [event.actor?.name ?? null, event.summary])).toEqual([
      ["Ada Owner", "revoked a shareable invitation link for Members, used 1 time"],
      ["Lin", "joined as Member through a shareable invitation link, with a password"],
      ["Ada Owner", "created a shareable invitation link for Members, lasting 3 days, up to 25 uses, for @example.com"],
    ]);
    const signIns = await admin.api.activity.list({ kind: "sign-ins", limit: 1 });
    expect(signIns.items[0]?.action).toBe("inviteLink.join");
  });

  it("is rate-limited as sign-up is: 3 proof emails per address an hour", async () => {
    const { url } = await admin.api.inviteLink.create({});
    const email = freshEmail("flooded");
    for (let i = 0; i < 3; i++) await join(tokenOf(url), email);
    expect(await failure(join(tokenOf(url), email))).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
  });
});
