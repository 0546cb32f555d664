// SECURITY 17 through the OAuth routes, over real HTTP with a GitHub double: a provider flow
// that signs someone in always makes a new session, and linking a new way in ends the
// account's other sessions.
import { hashPassword } from "@invite/api";
import type { User } from "@invite/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Browser, gitHubAccount, startGitHubDouble, type GitHubDouble } from "./support/oauth-doubles.ts";
import { freshEmail, oauthFlow, PASSWORD, providerEnv } from "./support/oauth-flow.ts";
import { startTestServer } from "./support/server.ts";

let github: GitHubDouble;
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: User;

beforeAll(async () => {
  github = await startGitHubDouble();
  server = await startTestServer({ env: providerEnv({ github }) });
  admin = await server.db.prisma.user.create({
    data: { email: "admin@example.com", name: "Admin", role: "ADMIN", passwordHash: await hashPassword(PASSWORD) },
  });
});
afterAll(async () => {
  await server?.close();
  await github?.close();
});
beforeEach(async () => {
  github.reset();
  await setRegistration("INVITE_ONLY");
});

const { prisma, setRegistration, invite, createPasswordUser, signInWith, me, signInWithPassword, sessionIdOf } = oauthFlow(() => ({
  server,
  admin,
  github,
}));

const sessionExists = async (id: string) => (await prisma().session.count({ where: { id } })) === 1;

describe("linking a provider ends the account's other sessions (SECURITY 17)", () => {
  it("the browser that linked stays signed in; every other browser of the account is signed out, its row gone", async () => {
    const email = freshEmail("linker");
    await createPasswordUser(email);
    const linking = await signInWithPassword(email);
    const phone = await signInWithPassword(email);
    const laptop = await signInWithPassword(email);
    const linkingId = sessionIdOf(linking)!;
    const phoneId = sessionIdOf(phone)!;
    const laptopId = sessionIdOf(laptop)!;

    github.account = gitHubAccount("elsewhere@example.net");
    const { landing } = await signInWith("github", { mode: "link" }, linking);
    expect(`${landing.pathname}${landing.search}`).toBe("/account?linked=github");

    expect(await me(linking)).toMatchObject({ email, providers: ["password", "github"] });
    expect(sessionIdOf(linking)).toBe(linkingId);
    for (const [browser, id] of [[phone, phoneId], [laptop, laptopId]] as const) {
      expect(await sessionExists(id)).toBe(false);
      expect(await me(browser)).toBeNull();
    }
    expect(await sessionExists(linkingId)).toBe(true);
  });
});

describe("a provider flow replaces a session cookie planted before it (no fixation, SECURITY 17)", () => {
  /** A browser holding the session of someone who signed in elsewhere and planted their cookie here. */
  async function browserWithPlantedSession() {
    const attacker = await signInWithPassword((await createPasswordUser(freshEmail("planter"))).email);
    const planted = attacker.cookie(server.origin, "session")!.value;
    const victim = new Browser();
    victim.plant(server.origin, `session=${planted}; Path=/; HttpOnly; SameSite=Lax`);
    expect((await me(victim))?.email).toMatch(/^planter/);
    return { victim, planted };
  }

  it("accepting an invitation with GitHub", async () => {
    const email = freshEmail("invitee");
    const token = await invite(email);
    const { victim, planted } = await browserWithPlantedSession();

    github.account = gitHubAccount(email);
    const { landing } = await signInWith("github", { invite: token }, victim);
    expect(landing.pathname).toBe("/");

    expect(victim.cookie(server.origin, "session")?.value).not.toBe(planted);
    expect((await me(victim))?.email).toBe(email);
    expect(await sessionExists(planted.split(".")[0]!)).toBe(false);
  });

  it("registering with GitHub while sign-up is open", async () => {
    await setRegistration("OPEN");
    const email = freshEmail("walk-in");
    const { victim, planted } = await browserWithPlantedSession();

    github.account = gitHubAccount(email);
    const { landing } = await signInWith("github", {}, victim);
    expect(landing.pathname).toBe("/");

    expect(victim.cookie(server.origin, "session")?.value).not.toBe(planted);
    expect((await me(victim))?.email).toBe(email);
    expect(await sessionExists(planted.split(".")[0]!)).toBe(false);
  });
});
