import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createAdmin, issueSetupToken, SETUP_TOKEN_TTL_MS } from "../src/auth/first-admin.ts";
import { hashToken } from "../src/auth/tokens.ts";
import { createCaller, createInnerContext, createServices, RATE_LIMITS } from "../src/index.ts";
import type { UserWithProviders } from "../src/users.ts";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

describe("first admin", () => {
  it("a setup link creates the first admin once, signed in; it cannot be used again", async () => {
    expect(await (await t.caller()).setup.status()).toEqual({ needsAdmin: true });
    const token = await issueSetupToken(t.prisma, t.clock.now(), { retireEarlier: true });
    const row = await t.prisma.setupToken.findFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token);

    const jar = new CookieJar();
    const created = await (await t.caller(jar)).setup.createAdmin({
      token,
      email: "Founder@Example.com",
      name: "Founder",
      password: STRONG_PASSWORD,
    });
    expect(created.user).toMatchObject({ email: "founder@example.com", role: "ADMIN" });
    expect((await (await t.caller(jar)).auth.me())?.role).toBe("ADMIN");
    expect(await (await t.caller()).setup.status()).toEqual({ needsAdmin: false });

    const again = (await t.caller()).setup.createAdmin({ token, email: "second@example.com", name: "S", password: STRONG_PASSWORD });
    expect(await failure(again)).toMatchObject({ reason: "SETUP_TOKEN_INVALID" });
  });

  it("links printed by servers starting together all work until one makes the admin; a new one from the CLI retires them", async () => {
    const empty = await setupApi(); // a database with no admin yet
    onTestFinished(() => empty.close());
    const issue = (retireEarlier: boolean) => issueSetupToken(empty.prisma, empty.clock.now(), { retireEarlier });
    const createAdmin = async (token: string, email: string) =>
      (await empty.caller()).setup.createAdmin({ token, email, name: "Ops", password: STRONG_PASSWORD });

    const printedEarlier = [await issue(false), await issue(false)];
    const fromCli = await issue(true);
    for (const token of printedEarlier) {
      expect(await failure(createAdmin(token, "early@example.com"))).toMatchObject({ reason: "SETUP_TOKEN_INVALID" });
    }
    const [first, second] = [await issue(false), await issue(false)];
    await createAdmin(second, "ops@example.com");
    for (const token of [first, fromCli]) {
      expect(await failure(createAdmin(token, "late@example.com"))).toMatchObject({ reason: "ADMIN_EXISTS" });
    }
  });

  it("refuses a setup link past its 24 hours, while one as old but not yet expired works", async () => {
    const empty = await setupApi(); // no admin yet: only the link's age can refuse it
    onTestFinished(() => empty.close());
    const [expiring, lasting] = [
      await issueSetupToken(empty.prisma, empty.clock.now(), { retireEarlier: false }),
      await issueSetupToken(empty.prisma, empty.clock.now(), { retireEarlier: false }),
    ];
    const createAdmin = async (token: string, email: string) =>
      (await empty.caller()).setup.createAdmin({ token, email, name: "Ops", password: STRONG_PASSWORD });

    empty.clock.advance(SETUP_TOKEN_TTL_MS);
    expect(await failure(createAdmin(expiring, "late@example.com"))).toMatchObject({ reason: "SETUP_TOKEN_INVALID" });
    expect(await empty.prisma.user.count()).toBe(0);
    empty.clock.advance(-1000);
    expect((await createAdmin(lasting, "in-time@example.com")).user.role).toBe("ADMIN");
  });

  it("setup.preview checks the link when opened, consuming nothing: pending, used, expired or unknown", async () => {
    const empty = await setupApi();
    onTestFinished(() => empty.close());
    const api = await empty.caller();
    const printed = await issueSetupToken(empty.prisma, empty.clock.now(), { retireEarlier: false });
    expect(await api.setup.preview({ token: printed })).toMatchObject({ status: "PENDING" });
    expect(await api.setup.preview({ token: printed })).toMatchObject({ status: "PENDING" }); // nothing spent
    const fresh = await issueSetupToken(empty.prisma, empty.clock.now(), { retireEarlier: true }); // the CLI's new link
    for (const token of [printed, "a".repeat(32), "", "x".repeat(10_000)]) {
      expect(await failure(api.setup.preview({ token }))).toMatchObject({ code: "NOT_FOUND", reason: "SETUP_TOKEN_INVALID" });
    }
    await api.setup.createAdmin({ token: fresh, email: "ops@example.com", name: "Ops", password: STRONG_PASSWORD });
    expect((await api.setup.preview({ token: fresh })).status).toBe("USED");
    const later = await issueSetupToken(empty.prisma, empty.clock.now(), { retireEarlier: false });
    empty.clock.advance(SETUP_TOKEN_TTL_MS);
    expect((await api.setup.preview({ token: later })).status).toBe("EXPIRED");
  });

  it("refuses a new link once an admin exists", async () => {
    const token = await issueSetupToken(t.prisma, t.clock.now(), { retireEarlier: true });
    const exists = await failure(
      (await t.caller()).setup.createAdmin({ token, email: "late@example.com", name: "Late", password: STRONG_PASSWORD }),
    );
    expect(exists.reason).toBe("ADMIN_EXISTS");
  });

  it("replaces a session cookie planted before the first admin is made (no fixation, SECURITY 17)", async () => {
    const empty = await setupApi();
    onTestFinished(() => empty.close());
    const planted = (await empty.signedIn("planter@example.com")).jar.token!;
    const jar = new CookieJar();
    jar.set(planted, new Date(empty.clock.now().getTime() + 1000));
    const token = await issueSetupToken(empty.prisma, empty.clock.now(), { retireEarlier: true });
    await (await empty.caller(jar)).setup.createAdmin({ token, email: "founder@example.com", name: "Founder", password: STRONG_PASSWORD });

    expect(jar.token).not.toBe(planted);
    expect((await (await empty.caller(jar)).auth.me())?.email).toBe("founder@example.com");
    expect(await empty.prisma.session.findUnique({ where: { id: planted.split(".")[0]! } })).toBeNull();
  });
});

describe("setup links under attack", () => {
  it("a wrong link is refused before any password is judged or hashed, and guessing is rate-limited", async () => {
    const guess = (ip: string) =>
      t.caller(new CookieJar(), ip).then((api) =>
        api.setup.createAdmin({ token: "a".repeat(32), email: "guess@example.com", name: "G", password: "weak" }),
      );
    // A weak password with a wrong link: the link is what is wrong.
    expect(await failure(guess("198.51.100.9"))).toMatchObject({ reason: "SETUP_TOKEN_INVALID" });
    for (let i = 0; i < RATE_LIMITS.signInPerIp.points; i++) await failure(guess("198.51.100.10"));
    expect(await failure(guess("198.51.100.10"))).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
  });
});

describe("registration mode", () => {
  it("INVITE_ONLY (the default) refuses public sign-up", async () => {
    expect(await (await t.caller()).settings.public()).toMatchObject({ registration: "INVITE_ONLY", signUpDomains: [] });
    const result = await failure((await t.caller()).auth.signUp({ email: "walk-in@example.com" }));
    expect(result).toMatchObject({ code: "FORBIDDEN", reason: "REGISTRATION_CLOSED" });
    await t.services.background.settled();
    expect(await t.prisma.user.findUnique({ where: { email: "walk-in@example.com" } })).toBeNull();
    expect(await t.prisma.emailMessage.count({ where: { to: "walk-in@example.com" } })).toBe(0);
  });

  it("OPEN allows sign-up as a member through an emailed link, but never claims a pending invitation (SECURITY 10)", async () => {
    const admin = await t.signedIn("boss@example.com", "ADMIN");
    await admin.api.settings.update({ registration: "OPEN", defaultInviteHours: 48 });
    const { invitation } = await admin.api.invitation.create({ email: "invited@example.com", role: "ADMIN" });

    // The invited address gets its invitation again, never a sign-up link (sign-up.test.ts has the rest).
    expect(await (await t.caller()).auth.signUp({ email: "invited@example.com" })).toEqual({ ok: true });
    expect(await (await t.caller()).auth.signUp({ email: "walk-in@example.com" })).toEqual({ ok: true });
    await t.services.background.settled();
    expect(await t.prisma.emailMessage.count({ where: { to: "invited@example.com", template: "signUp" } })).toBe(0);
    expect((await admin.api.invitation.get({ id: invitation.id })).status).toBe("PENDING");

    const message = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: "walk-in@example.com", template: "signUp" } });
    const jar = new CookieJar();
    const token = t.services.sealer.unseal(message.sealedSecret!);
    const result = await (await t.caller(jar)).auth.completeSignUp({ token, name: "Walk In", password: STRONG_PASSWORD });
    expect(result.user.role).toBe("MEMBER");
    expect((await (await t.caller(jar)).auth.me())?.role).toBe("MEMBER");
    await admin.api.settings.update({ registration: "INVITE_ONLY", defaultInviteHours: 48 });
  });
});

/**
 * Another request inserts the same email and commits only after our check found none: our
 * insert then waits on the unique index, and must end as ALREADY_MEMBER, never a 500.
 * (On the embedded database transactions run one at a time, so the check sees the row.)
 */
describe("an account created by someone else in the same instant", () => {
  /** `ours` runs against an open registration, with an invitation to `email` pending. */
  async function racedByUncommittedUser(
    email: string,
    ours: (api: TestApi, inviteToken: string) => Promise<unknown>,
    { invited = email }: { invited?: string } = {},
  ) {
    const racing = await setupApi();
    onTestFinished(() => racing.close());
    const admin = await racing.signedIn("boss@example.com", "ADMIN");
    await admin.api.settings.update({ registration: "OPEN", defaultInviteHours: 48 });
    const { invitation, inviteUrl } = await admin.api.invitation.create({ email: invited });
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted = () => {};
    const insertedByOther = new Promise<void>((resolve) => (inserted = resolve));
    const other = racing.prisma.$transaction(
      async (tx) => {
        await tx.user.create({ data: { email, name: "Other" } });
        inserted();
        await held;
      },
      { timeout: 30_000 },
    );
    await insertedByOther;
    const result = ours(racing, inviteUrl.split("/").pop()!);
    result.catch(() => {}); // judged by the test, once the other request has committed
    if (process.env.TEST_DB === "postgres") {
      await expect.poll(() => waitingOnLocks(racing.prisma), { timeout: 20_000 }).toBe(1);
    }
    release();
    await other;
    return { result, invitation, racing };
  }

  it("while the first admin is created from ADMIN_EMAIL", async () => {
    const { result } = await racedByUncommittedUser("ops@example.com", (api) =>
      createAdmin(api.prisma, { email: "ops@example.com", name: "Ops", password: STRONG_PASSWORD }, api.clock.now()),
    );
    await expect(result).rejects.toMatchObject({ reason: "ALREADY_MEMBER" });
  });

  it("while completing a sign-up link", async () => {
    const { result } = await racedByUncommittedUser("walk-in@example.com", async (api) => {
      // The link was emailed before the other account appeared.
      const token = "a".repeat(32);
      const expiresAt = new Date(api.clock.now().getTime() + 60_000);
      await api.prisma.emailProof.create({ data: { tokenHash: hashToken(token), email: "walk-in@example.com", expiresAt } });
      return (await api.caller()).auth.completeSignUp({ token, name: "Walk In", password: STRONG_PASSWORD });
    }, { invited: "someone-else@example.com" });
    expect(await failure(result)).toMatchObject({ code: "CONFLICT", reason: "ALREADY_MEMBER" });
  });

  it("while accepting an invitation: the invitation stays pending", async () => {
    const { result, invitation, racing } = await racedByUncommittedUser("invited@example.com", async (api, token) =>
      (await api.caller()).invitation.accept({ token, password: STRONG_PASSWORD }),
    );
    expect(await failure(result)).toMatchObject({ code: "CONFLICT", reason: "ALREADY_MEMBER" });
    expect((await racing.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("PENDING");
  });
});

describe("dev mailbox", () => {
  it("is not there when email goes over SMTP, and mail.status says so", async () => {
    const admin = await t.signedIn("mailbox-admin@example.com", "ADMIN");
    expect(await admin.api.mail.status()).toEqual({ delivery: "smtp" });
    expect(await failure(admin.api.mail.devMailbox())).toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps what would have been sent when SMTP is not configured; only admins see either", async () => {
    const services = createServices({
      db: t.services.db,
      config: { appUrl: "https://app.example.com" },
      devMailbox: { list: () => [] },
    });
    const as = (user: UserWithProviders) => createCaller(createInnerContext(services, { user, sessionId: "s" }));
    const admin = await t.signedIn("mailbox-admin2@example.com", "ADMIN");
    const member = await t.signedIn("mailbox-member@example.com");
    const adminApi = as({ ...admin.user, accounts: [] });
    expect(await adminApi.mail.status()).toEqual({ delivery: "devMailbox" });
    expect(await adminApi.mail.devMailbox()).toEqual([]);
    const memberApi = as({ ...member.user, accounts: [] });
    expect(await failure(memberApi.mail.status())).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(memberApi.mail.devMailbox())).toMatchObject({ code: "FORBIDDEN" });
  });
});

async function waitingOnLocks(prisma: TestApi["prisma"]): Promise<number> {
  const [row] = await prisma.$queryRaw<{ waiting: number }[]>`
    SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
  return row?.waiting ?? 0;
}
