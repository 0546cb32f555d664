// `pnpm cli`: apps/server/src/cli.ts run as a real process, as an operator would run it,
// against a fresh database of the run's kind (TEST_DB). Each start costs a second or more
// (tsx, Prisma, the migration check), so there are few of them: the checks that never reach
// a database run in parallel, and only in the embedded run; the rest build on each other.
//
// The embedded database (PGlite) is a directory that only one process may have open: the
// test closes its own handle before the first CLI run and, between runs, opens the
// directory only to look, closing it again before the next run (`inspect`); a CLI run that found
// it open would be refused (data-dir-lock.test.ts).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createAdmin, createSealer } from "@invite/api";
import { type Database, openDatabase } from "@invite/db";
import { createTestDatabase, type TestDatabase } from "@invite/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support/processes.ts";

const CLI = path.join(REPO_ROOT, "apps/server/src/cli.ts");
const APP_URL = "http://127.0.0.1:4321";
const SECRET_KEY = randomBytes(32);
const onPostgres = process.env.TEST_DB === "postgres";
/** Strong enough for the password check, and unrelated to the accounts' emails and names. */
const STRONG = ["violet anchor quarry 4 plum", "mossy lantern tundra 8 owl", "brisk copper meadow 6 fig"] as const;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for every run: no developer `.env` (INIT_CWD is an empty folder), no real SMTP. */
function baseEnv(home: string, dataDir: string, databaseUrl?: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    INIT_CWD: home,
    APP_URL,
    DATA_DIR: dataDir,
    SECRET_KEY: SECRET_KEY.toString("base64"),
    LOG_LEVEL: "warn",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

/** Collects a child's output and resolves with its exit code; kills it if it hangs. */
function finish(child: ChildProcess, what: string, timeoutMs = 25_000): Promise<Run> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stderr += `\n[test] ${what} still running after ${timeoutMs} ms: killed`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}\n[spawn error] ${error.message}` });
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `node --import tsx apps/server/src/cli.ts ...args` from the repo root, stdin closed (no terminal). */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return finish(child, `cli ${args.join(" ")}`);
}

/** What a failing expectation should show: the whole run. */
const show = (run: Run) => `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

/** An expected refusal is one or two plain lines, never a stack trace. */
function expectCleanFailure(run: Run, message: string | RegExp) {
  expect(run.code, show(run)).toBe(1);
  if (typeof message === "string") expect(run.stderr, show(run)).toContain(message);
  else expect(run.stderr, show(run)).toMatch(message);
  expect(run.stderr, show(run)).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe.skipIf(onPostgres)("pnpm cli without a database (checks that fail or answer before opening one)", () => {
  let home: string;
  let dataDir: string;
  const runs = new Map<string, Run>();
  const key = (args: string[]) => args.join(" ");

  // Started together: none opens a database (the last test checks DATA_DIR was never made).
  const cases: { args: string[]; env?: Record<string, string> }[] = [
    { args: ["--help"], env: { DATABASE_URL: "mysql://wrong" } },
    { args: ["invite", "--help"] },
    { args: ["bogus"] },
    { args: ["invite", "not-an-email"] },
    { args: ["invite", "bob@example.com", "--colour", "blue"] },
    { args: ["create-admin", "--password", STRONG[0]] },
    { args: ["create-admin", "--email", "ada@example.com"] },
  ];

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), "invite-cli-"));
    dataDir = path.join(home, "data");
    const env = baseEnv(home, dataDir);
    await Promise.all(
      cases.map(async ({ args, env: extra }) => runs.set(key(args), await cli(args, { ...env, ...extra }))),
    );
  }, 60_000);

  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const run = (...args: string[]) => runs.get(key(args))!;

  it("--help (also after a command) prints the usage, exit 0, even with a bad configuration", () => {
    for (const result of [run("--help"), run("invite", "--help")]) {
      expect(result.code, show(result)).toBe(0);
      expect(result.stdout).toMatch(/^Usage: pnpm cli <command>/);
      for (const command of ["create-admin", "setup-link", "invite", "list"]) expect(result.stdout).toContain(`\n  ${command}`);
      expect(result.stderr).toBe("");
    }
  });

  it("an unknown command is named on stderr with the usage, exit 1", () => {
    const result = run("bogus");
    expectCleanFailure(result, 'Unknown command "bogus".');
    expect(result.stderr).toContain("Usage: pnpm cli <command>");
    expect(result.stdout).toBe("");
  });

  it("invite refuses a bad email and an unknown option with a clear message, exit 1", () => {
    expectCleanFailure(run("invite", "not-an-email"), "email: Enter a valid email address.");
    expect(run("invite", "not-an-email").stdout).toBe("");
    const unknown = run("invite", "bob@example.com", "--colour", "blue");
    expectCleanFailure(unknown, "Unknown option '--colour'");
    expect(unknown.stderr).toContain("pnpm cli --help");
  });

  it("create-admin needs --email, and a password from --password or ADMIN_PASSWORD when there is no terminal", () => {
    expectCleanFailure(run("create-admin", "--password", STRONG[0]), "Pass a valid --email <address>.");
    expectCleanFailure(
      run("create-admin", "--email", "ada@example.com"),
      "No terminal to ask for a password: pass --password or set ADMIN_PASSWORD.",
    );
  });

  it("none of them opened the database", () => {
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe(`pnpm cli on the ${onPostgres ? "PostgreSQL" : "embedded"} database`, () => {
  let testDb: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    // PGlite: one process at a time; the CLI gets the directory, the test looks in between.
    if (!testDb.url) await testDb.db.close();
    env = baseEnv(path.dirname(testDb.dataDir), testDb.dataDir, testDb.url);
  });

  afterAll(async () => {
    await testDb?.drop();
  });

  /** Reads or changes the database between CLI runs (never while one is running). */
  async function inspect<T>(look: (db: Database) => Promise<T>): Promise<T> {
    if (testDb.url) return look(testDb.db);
    const db = openDatabase({ dataDir: testDb.dataDir });
    try {
      return await look(db);
    } finally {
      await db.close();
    }
  }

  const sha256 = (text: string) => createHash("sha256").update(text).digest();

  // The tests below run in order, each on what the ones before left.

  it("invite before any admin exists says to create one first, exit 1", async () => {
    expectCleanFailure(await cli(["invite", "first@example.com"], env), "Create an admin first: pnpm cli create-admin.");
    expect(await inspect((db) => db.prisma.invitation.count())).toBe(0);
  });

  it("create-admin refuses a weak password with the reason, exit 1, and creates no one", async () => {
    const run = await cli(["create-admin", "--email", "ada@example.com", "--password", "passwordpassword"], env);
    expectCleanFailure(run, /^This password is too easy to guess\. \S.*/m);
    expect(run.stdout).toBe("");
    expect(await inspect((db) => db.prisma.user.count())).toBe(0);
  });

  it("create-admin creates an ADMIN (email normalized, password hashed), exit 0", async () => {
    const run = await cli(["create-admin", "--email", " Ada@Example.COM ", "--name", "Ada Lovelace", "--password", STRONG[0]], env);
    expect(run.code, show(run)).toBe(0);
    expect(run.stdout.trim()).toBe(`Created admin ada@example.com. Sign in at ${APP_URL}/sign-in`);
    const { users, audit } = await inspect(async (db) => ({
      users: await db.prisma.user.findMany(),
      audit: await db.prisma.auditEvent.findMany({ where: { action: "user.create_admin" } }),
    }));
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ email: "ada@example.com", name: "Ada Lovelace", role: "ADMIN" });
    expect(users[0]!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(users[0]!.passwordHash).not.toContain(STRONG[0]);
    expect(audit.map((event) => event.targetId)).toEqual([users[0]!.id]);
  });

  it("create-admin refuses an email that already has an account (password from ADMIN_PASSWORD alone), exit 1", async () => {
    const before = await inspect((db) => db.prisma.user.findUniqueOrThrow({ where: { email: "ada@example.com" } }));
    // No ADMIN_EMAIL: the CLI reads ADMIN_PASSWORD on its own when there is no terminal.
    const run = await cli(["create-admin", "--email", "ADA@example.com"], { ...env, ADMIN_PASSWORD: STRONG[1] });
    expectCleanFailure(run, "Someone with this email already has an account.");
    const users = await inspect((db) => db.prisma.user.findMany());
    expect(users).toHaveLength(1);
    expect(users[0]!.passwordHash).toBe(before.passwordHash);
  });

  // `script` (util-linux) gives the CLI a terminal, as an operator's shell would. The terminal
  // does not depend on the database kind: this runs once, in the PostgreSQL run (the faster one).
  const hasScript = process.platform === "linux" && spawnSync("script", ["--version"]).status === 0;
  it.skipIf(!hasScript || !onPostgres)("create-admin on a terminal asks for the password without echoing it, even with ADMIN_PASSWORD set", async () => {
    const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
    const command = [process.execPath, "--import", "tsx", CLI, "create-admin", "--email", "tty@example.com"].map(quote).join(" ");
    // A weak ADMIN_PASSWORD: had the CLI used it instead of asking, it would refuse it.
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd: REPO_ROOT,
      env: { ...env, ADMIN_PASSWORD: "short" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const done = finish(child, "create-admin on a terminal");
    let seen = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no password prompt; output so far:\n${seen}`)), 20_000);
      child.stdout!.on("data", (chunk: Buffer) => {
        seen += chunk.toString("utf8");
        if (seen.includes("Password (12+ characters): ")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("close", () => reject(new Error(`exited before asking; output:\n${seen}`)));
    }).catch(async (error: Error) => {
      child.kill("SIGKILL");
      throw new Error(`${error.message}\n${show(await done)}`);
    });
    child.stdin!.write(`${STRONG[2]}\r`);
    const run = await done;
    child.stdin!.end();
    expect(run.code, show(run)).toBe(0);
    expect(run.stdout).toContain("Created admin tty@example.com.");
    expect(run.stdout, "the password was shown on the terminal").not.toContain(STRONG[2]);
    expect(await inspect((db) => db.prisma.user.findUnique({ where: { email: "tty@example.com" } }))).toMatchObject({ role: "ADMIN" });
  });

  let bobToken = "";

  it("invite creates a pending invitation from the first admin, prints the link and queues the email", async () => {
    const startedAt = Date.now();
    const run = await cli(["invite", "Bob@Example.com", "--name", " Bob Builder ", "--role", "admin", "--hours", "5", "--message", "Welcome aboard"], env);
    expect(run.code, show(run)).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^Invited Bob Builder \(bob@example\.com\) as admin \(expires \d{4}-\d\d-\d\dT[\d:.]+Z\)\.$/);
    const link = /^Link: (\S+)$/.exec(lines[1] ?? "")?.[1];
    expect(link, show(run)).toMatch(new RegExp(`^${APP_URL}/invite/[a-z2-7]{32}$`));
    bobToken = link!.split("/").pop()!;

    const { invitation, emails, ada } = await inspect(async (db) => {
      const invitation = await db.prisma.invitation.findFirstOrThrow({ where: { email: "bob@example.com" } });
      return {
        invitation,
        emails: await db.prisma.emailMessage.findMany({ where: { invitationId: invitation.id } }),
        ada: await db.prisma.user.findUniqueOrThrow({ where: { email: "ada@example.com" } }),
      };
    });
    expect(invitation).toMatchObject({ status: "PENDING", role: "ADMIN", message: "Welcome aboard", name: "Bob Builder", lifetimeHours: 5, invitedById: ada.id });
    expect(lines[0]).toContain(invitation.expiresAt.toISOString());
    expect(invitation.expiresAt.getTime() - startedAt).toBeGreaterThan(5 * 3_600_000 - 1_000);
    expect(invitation.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(5 * 3_600_000);
    // The database keeps only the hash of the printed link's token.
    expect(Buffer.from(invitation.tokenHash!).equals(sha256(bobToken))).toBe(true);

    // The outbox holds one email for the server to send, its link sealed with the server's key.
    expect(emails).toHaveLength(1);
    const email = emails[0]!;
    expect(email).toMatchObject({ to: "bob@example.com", template: "invitation", status: "QUEUED", attempts: 0 });
    expect(email.payload).toMatchObject({ inviterEmail: "ada@example.com", role: "ADMIN", message: "Welcome aboard", appUrl: APP_URL });
    expect(email.sealedSecret).not.toContain(bobToken);
    expect(createSealer(SECRET_KEY).unseal(email.sealedSecret!)).toBe(bobToken);
  });

  it("invite --from picks the inviting admin", async () => {
    await inspect((db) => createAdmin(db.prisma, { email: "grace@example.com", name: "Grace", password: STRONG[1] }, new Date()));
    const run = await cli(["invite", "carol@example.com", "--from", "GRACE@example.com"], env);
    expect(run.code, show(run)).toBe(0);
    expect(run.stdout).toContain("Invited carol@example.com as member");
    const carol = await inspect((db) =>
      db.prisma.invitation.findFirstOrThrow({ where: { email: "carol@example.com" }, include: { invitedBy: true } }),
    );
    expect(carol.invitedBy?.email).toBe("grace@example.com");
    // Revoked here, so the list below has two statuses to show.
    await inspect((db) => db.prisma.invitation.update({ where: { id: carol.id }, data: { status: "REVOKED", revokedAt: new Date() } }));
  });

  it("list shows each invitation with its status, newest first; --status filters", async () => {
    // Two readers: together on PostgreSQL; PGlite takes one process at a time.
    const list = () => cli(["list"], env);
    const listRevoked = () => cli(["list", "--status", "revoked"], env);
    const [all, revoked] = onPostgres ? await Promise.all([list(), listRevoked()]) : ([await list(), await listRevoked()] as const);
    expect(all.code, show(all)).toBe(0);
    const rows = all.stdout.split("\n").filter((line) => line.includes("@example.com'"));
    expect(rows, show(all)).toHaveLength(2);
    expect(rows[0]).toMatch(/'carol@example\.com'.*'-'.*'MEMBER'.*'REVOKED'.*'QUEUED'.*'grace@example\.com'/);
    expect(rows[1]).toMatch(/'bob@example\.com'.*'Bob Builder'.*'ADMIN'.*'PENDING'.*'QUEUED'.*'ada@example\.com'/);
    expect(all.stdout).not.toContain(bobToken);

    expect(revoked.code, show(revoked)).toBe(0);
    expect(revoked.stdout).toContain("'carol@example.com'");
    expect(revoked.stdout).not.toContain("bob@example.com");
  });

  it("links follow the server's configuration: PORT alone, or APP_URL from the .env where the command runs", async () => {
    const withoutAppUrl = { ...env };
    delete withoutAppUrl.APP_URL;
    const byPort = await cli(["invite", "dan@example.com"], { ...withoutAppUrl, PORT: "4000" });
    expect(byPort.code, show(byPort)).toBe(0);
    expect(byPort.stdout).toMatch(/^Link: http:\/\/localhost:4000\/invite\/[a-z2-7]{32}$/m);

    const folder = mkdtempSync(path.join(tmpdir(), "invite-cli-env-"));
    try {
      writeFileSync(path.join(folder, ".env"), "PORT=4000\nAPP_URL=https://invites.example.com\n");
      const byEnvFile = await cli(["invite", "erin@example.com"], { ...withoutAppUrl, INIT_CWD: folder });
      expect(byEnvFile.code, show(byEnvFile)).toBe(0);
      expect(byEnvFile.stdout).toMatch(/^Link: https:\/\/invites\.example\.com\/invite\/[a-z2-7]{32}$/m);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    // The queued emails carry the same origin, so the server sends the links printed here.
    const payloads = await inspect((db) =>
      db.prisma.emailMessage.findMany({ where: { to: { in: ["dan@example.com", "erin@example.com"] } }, orderBy: { to: "asc" } }),
    );
    expect(payloads.map((email) => (email.payload as { appUrl: string }).appUrl)).toEqual(["http://localhost:4000", "https://invites.example.com"]);
  }, 90_000);
});
