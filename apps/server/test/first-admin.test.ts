// ensureFirstAdmin, as main.ts calls it at start-up, on a fresh database of the run's kind:
// ADMIN_EMAIL and ADMIN_PASSWORD make the first admin, or stop start-up with one line naming
// the variable, and nothing is written.
import { createServices, hashPassword, type Services } from "@invite/api";
import { createTestDatabase, type TestDatabase } from "@invite/db/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureFirstAdmin } from "../src/bootstrap.ts";
import { ConfigError, loadConfig } from "../src/config.ts";

const APP_URL = "https://app.example.com";
const STRONG = "violet anchor quarry 4 plum";

let testDb: TestDatabase;
let services: Services;
beforeAll(async () => {
  testDb = await createTestDatabase();
  services = createServices({ db: testDb.db, config: { appUrl: APP_URL, version: "test" } });
});
afterAll(() => testDb?.drop());

const start = (env: Record<string, string>) => ensureFirstAdmin(services, loadConfig({ APP_URL, ...env }), pino({ level: "silent" }));
const prisma = () => testDb.db.prisma;

describe("ensureFirstAdmin's refusals", () => {
  it("refuses an ADMIN_EMAIL that belongs to an existing member, and leaves that member as they were", async () => {
    const member = await prisma().user.create({
      data: { email: "ops@example.com", name: "Ops", role: "MEMBER", passwordHash: await hashPassword("the member's own passphrase 9") },
    });
    const refused = start({ ADMIN_EMAIL: "Ops@Example.com", ADMIN_PASSWORD: STRONG });
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow("Invalid ADMIN_EMAIL: ops@example.com already has an account that is not an admin.");
    expect(await prisma().user.findUniqueOrThrow({ where: { id: member.id } })).toEqual(member);
    expect(await prisma().user.count({ where: { role: "ADMIN" } })).toBe(0);
    expect(await prisma().setupToken.count()).toBe(0);
  });

  it.each([
    ["too short", "short pass"],
    ["guessable", "password1234"],
    ["the email itself", "new-admin@example.com"],
  ])("refuses an ADMIN_PASSWORD that is %s, saying why, and creates no one", async (_what, password) => {
    const refused = start({ ADMIN_EMAIL: "new-admin@example.com", ADMIN_PASSWORD: password });
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(/^Invalid ADMIN_PASSWORD: \S/);
    expect(await prisma().user.count({ where: { email: "new-admin@example.com" } })).toBe(0);
    expect(await prisma().setupToken.count()).toBe(0);
  });

  it("with a fresh email and a strong password makes the admin, and a second start changes nothing", async () => {
    expect(await start({ ADMIN_EMAIL: "first@example.com", ADMIN_PASSWORD: STRONG })).toBeNull();
    expect(await prisma().user.findUniqueOrThrow({ where: { email: "first@example.com" } })).toMatchObject({ role: "ADMIN" });
    // An admin exists: the variables are not looked at again, even a member's email with a weak password.
    expect(await start({ ADMIN_EMAIL: "ops@example.com", ADMIN_PASSWORD: "weak" })).toBeNull();
    expect(await prisma().user.count({ where: { role: "ADMIN" } })).toBe(1);
  });
});
