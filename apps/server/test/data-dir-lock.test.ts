// docs/SECURITY.md 42: two processes never open one embedded database directory at once. A real
// server holds DATA_DIR; a CLI run and a second server on the same directory are refused with one
// line and a non-zero exit, and write nothing; a server killed with SIGKILL leaves its lock behind,
// and the next start takes it over. Embedded only: PostgreSQL takes many processes by design.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { LOCK_FILE, openDatabase } from "@invite/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, REPO_ROOT, startServers, type ServerCluster, type ServerProcess } from "./support/processes.ts";

const onPostgres = process.env.TEST_DB === "postgres";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx <script> ...args` from the repo root; resolves when it exits (killed after 60 s). */
function run(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) => {
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const show = (result: Run) => `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;

/** A refusal is one line on stderr, exit 1, no stack trace, nothing on stdout. */
function expectRefused(result: Run, line: RegExp) {
  expect(result.code, show(result)).toBe(1);
  expect(result.stderr.trim().split("\n"), show(result)).toHaveLength(1);
  expect(result.stderr.trim(), show(result)).toMatch(line);
  expect(result.stdout.trim(), show(result)).toBe("");
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe.skipIf(onPostgres)("one process at a time on an embedded DATA_DIR (SECURITY 42)", () => {
  let first: ServerCluster;
  let restarted: ServerCluster | undefined;
  let server: ServerProcess;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    // An empty DATABASE_URL selects the embedded database; a fresh one takes a while to create.
    first = await startServers({ count: 1, databaseUrl: "", readyTimeoutMs: 150_000 });
    server = first.servers[0]!;
    dataDir = path.join(first.dataDir, "data");
    env = {
      PATH: process.env.PATH ?? "",
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
      INIT_CWD: first.dataDir, // no developer .env
      APP_URL: first.origin,
      DATA_DIR: dataDir,
      SECRET_KEY: randomBytes(32).toString("base64"),
      LOG_LEVEL: "warn",
    };
  }, 180_000);

  afterAll(async () => {
    await restarted?.stop();
    await first?.stop();
  }, 60_000);

  // The tests below run in order, each on what the ones before left.

  it("the CLI is refused while the server runs: one line, exit 1", async () => {
    const result = await run("apps/server/src/cli.ts", ["invite", "late@example.com"], env);
    expectRefused(
      result,
      new RegExp(`^The server is running on this data directory \\(${escape(dataDir)}, pid ${server.child.pid}\\); stop it or use the dashboard\\.$`),
    );
  }, 90_000);

  it("a second server on the same DATA_DIR is refused with one line, exit 1; the first keeps serving", async () => {
    const result = await run("apps/server/src/main.ts", [], { ...env, HOST: "127.0.0.1", PORT: String(await freePort()) });
    expectRefused(
      result,
      new RegExp(`^DATA_DIR ${escape(dataDir)} is in use by another process \\(server, pid ${server.child.pid}\\): .*DATABASE_URL`),
    );
    expect((await server.fetch("/readyz")).status).toBe(200);
  }, 90_000);

  it("a server killed with SIGKILL leaves its lock, which does not stop the next start", async () => {
    const exited = once(server.child, "exit");
    process.kill(-server.child.pid!, "SIGKILL"); // its process group: nothing of it survives
    await exited;
    const lockPath = path.join(dataDir, LOCK_FILE);
    expect(JSON.parse(readFileSync(lockPath, "utf8"))).toMatchObject({ pid: server.child.pid, owner: "server" });

    restarted = await startServers({ count: 1, databaseUrl: "", env: { DATA_DIR: dataDir }, readyTimeoutMs: 150_000 });
    const successor = restarted.servers[0]!;
    expect(JSON.parse(readFileSync(lockPath, "utf8"))).toMatchObject({ pid: successor.child.pid, owner: "server" });

    // A normal stop releases it.
    expect(await successor.stop()).toBe(0);
    expect(existsSync(lockPath)).toBe(false);
  }, 180_000);

  it("the refused processes wrote nothing: the admin is there, no invitation", async () => {
    const db = openDatabase({ dataDir });
    try {
      expect(await db.prisma.user.count()).toBe(1);
      expect(await db.prisma.invitation.count()).toBe(0);
    } finally {
      await db.close();
    }
  }, 60_000);
});
