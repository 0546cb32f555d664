import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "./support/failure.ts";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

const DAY = 24 * 60 * 60 * 1000;
const limited = { code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" };
const wrong = { code: "UNAUTHORIZED", reason: "INVALID_CREDENTIALS" };
let counter = 0;
/** A fresh account and address per test, so no test spends another's allowance. */
const fresh = () => ({ email: `owner${++counter}@example.com`, ip: `192.0.2.${counter}` });

async function signIn(jar: CookieJar, ip: string, email: string, password: string) {
  return (await t.caller(jar, ip)).auth.signIn({ email, password });
}

/** The owner's browser, which has signed in to the account before. */
async function ownersBrowser(email: string, ip: string) {
  await t.createUser(email);
  const jar = new CookieJar();
  await signIn(jar, ip, email, STRONG_PASSWORD);
  expect(jar.device, "a sign-in leaves a device cookie").toEqual(expect.any(String));
  return jar;
}

/** Ten wrong passwords from strangers' browsers, from `ips` in turn: all plainly wrong. */
async function strangersGuess(email: string, ips: (n: number) => string) {
  for (let n = 0; n < 10; n++) {
    expect(await failure(signIn(new CookieJar(), ips(n), email, `guess number ${n}`))).toMatchObject(wrong);
  }
}

describe("a stranger cannot lock an account's owner out (SECURITY 43)", () => {
  it("brute force from one address is stopped after ten; the owner's browser still signs in", async () => {
    const { email, ip } = fresh();
    const owner = await ownersBrowser(email, ip);
    await strangersGuess(email, () => "198.51.100.1");
    expect(await failure(signIn(new CookieJar(), "198.51.100.1", email, "guess number 11"))).toMatchObject(limited);
    // Even the right password is refused to a browser the account does not know.
    expect(await failure(signIn(new CookieJar(), "198.51.100.1", email, STRONG_PASSWORD))).toMatchObject(limited);

    expect((await signIn(owner, ip, email, STRONG_PASSWORD)).user.email).toBe(email);
  });

  it("a distributed attack from many addresses hits the same ceiling, for browsers the account does not know only", async () => {
    const { email, ip } = fresh();
    const owner = await ownersBrowser(email, ip);
    await strangersGuess(email, (n) => `203.0.113.${100 + n}`);
    expect(await failure(signIn(new CookieJar(), "203.0.113.200", email, "a new address"))).toMatchObject(limited);
    // The owner's own address is no pass: a new browser there is a stranger too.
    expect(await failure(signIn(new CookieJar(), ip, email, STRONG_PASSWORD))).toMatchObject(limited);

    expect((await signIn(owner, ip, email, STRONG_PASSWORD)).user.email).toBe(email);
    // From another address too (a laptop carried home): the browser is known, not the address.
    expect((await signIn(owner, "203.0.113.250", email, STRONG_PASSWORD)).user.email).toBe(email);
    // The owner getting in gives strangers no new tries.
    expect(await failure(signIn(new CookieJar(), "203.0.113.201", email, "after the owner"))).toMatchObject(limited);
  });

  it("a known browser has an allowance of its own: ten wrong passwords, then it is refused too", async () => {
    const { email, ip } = fresh();
    const owner = await ownersBrowser(email, ip);
    for (let n = 0; n < 10; n++) {
      expect(await failure(signIn(owner, ip, email, `a typo ${n}`))).toMatchObject(wrong);
    }
    expect(await failure(signIn(owner, ip, email, STRONG_PASSWORD))).toMatchObject(limited);
    // Whoever holds that browser spent its tries, not the account's: a new browser still gets in.
    expect((await signIn(new CookieJar(), ip, email, STRONG_PASSWORD)).user.email).toBe(email);
  });

  it("a device cookie that was altered or made for another account earns no allowance", async () => {
    const { email, ip } = fresh();
    const owner = await ownersBrowser(email, ip);
    // The stranger's own account gives their browser a genuine cookie, good for that account only.
    const stranger = await ownersBrowser(`stranger${counter}@example.com`, "198.51.100.60");
    await strangersGuess(email, (n) => `198.51.100.${60 + n}`);

    const altered = new CookieJar();
    altered.device = (owner.device!.startsWith("a") ? "b" : "a") + owner.device!.slice(1);
    const invented = new CookieJar();
    invented.device = "aaaaaaaaaaaaaaaaaaaaaaaa.99999999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    for (const [what, jar] of Object.entries({ stranger, altered, invented })) {
      expect(await failure(signIn(jar, "198.51.100.70", email, STRONG_PASSWORD)), what).toMatchObject(limited);
    }
    expect((await signIn(owner, ip, email, STRONG_PASSWORD)).user.email).toBe(email);
  });

  it("a device cookie stops counting a year after the sign-in that made it", async () => {
    const { email, ip } = fresh();
    const owner = await ownersBrowser(email, ip);
    t.clock.advance(366 * DAY);
    try {
      await strangersGuess(email, (n) => `198.51.100.${80 + n}`);
      expect(await failure(signIn(owner, ip, email, STRONG_PASSWORD))).toMatchObject(limited);
    } finally {
      t.clock.advance(-366 * DAY);
    }
  });

  it("an owner locked out of a new browser gets in with a reset link, and that browser is known from then on", async () => {
    const { email, ip } = fresh();
    await t.createUser(email);
    await strangersGuess(email, (n) => `198.51.100.${140 + n}`);
    const laptop = new CookieJar();
    expect(await failure(signIn(laptop, ip, email, STRONG_PASSWORD))).toMatchObject(limited);

    await (await t.caller(new CookieJar(), ip)).auth.requestPasswordReset({ email });
    await t.services.background.settled();
    const message = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: email, template: "passwordReset" } });
    const newPassword = "a brand new passphrase 79";
    await (await t.caller(laptop, ip)).auth.resetPassword({ token: t.services.sealer.unseal(message.sealedSecret!), password: newPassword });
    expect((await signIn(laptop, ip, email, newPassword)).user.email).toBe(email);
  });

  it("changing a password: strangers' guesses at the email don't block its signed-in owner, whose session has its own ten", async () => {
    const { email } = fresh();
    await t.createUser(email);
    const jar = new CookieJar();
    // Signed in without a device cookie (as after accepting an invitation).
    await signIn(jar, "192.0.2.200", email, STRONG_PASSWORD);
    jar.device = null;
    await strangersGuess(email, (n) => `198.51.100.${100 + n}`);

    const account = (await t.caller(jar)).account;
    for (let n = 0; n < 10; n++) {
      expect(await failure(account.changePassword({ currentPassword: `not it ${n}`, newPassword: "a brand new passphrase 77" }))).toMatchObject({
        reason: "INVALID_CREDENTIALS",
      });
    }
    const changed = account.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: "a brand new passphrase 77" });
    expect(await failure(changed)).toMatchObject(limited);
  });

  it("the signed-in owner changes their password while strangers are refused", async () => {
    const { email, ip } = fresh();
    const owner = await ownersBrowser(email, ip);
    await strangersGuess(email, (n) => `198.51.100.${120 + n}`);
    const api = await t.caller(owner, ip);
    expect(await failure(api.account.changePassword({ currentPassword: "a wrong one", newPassword: "a brand new passphrase 78" }))).toMatchObject({
      reason: "INVALID_CREDENTIALS",
    });
    expect(await api.account.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: "a brand new passphrase 78" })).toEqual({ ok: true });
  });
});
