// Real server processes for tests that need more than one API instance on one database:
// `node --import tsx apps/server/src/main.ts` started from the repo root (plus a tiny preload
// that stops the server if the test process dies), each on its own port, all sharing one
// APP_URL and SECRET_KEY.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../../..");
const MAIN = path.join(REPO_ROOT, "apps/server/src/main.ts");

/**
 * Preloaded into each server: its stdin is a pipe from this test process, so when the test
 * process dies without cleaning up (killed by the runner on Ctrl-C or a timeout, where no exit
 * hook runs), stdin ends and the server stops itself the way SIGTERM would. main.ts is unchanged.
 */
const PARENT_WATCHDOG =
  "data:text/javascript," +
  encodeURIComponent(`process.stdin.on("end", () => process.kill(process.pid, "SIGTERM")).on("error", () => {}).resume();`);

/** Kept in memory per process; older output is cut so a chatty process cannot fill the heap. */
const MAX_OUTPUT = 256 * 1024;

export interface ServerProcess {
  name: string;
  port: number;
  /** Where to send requests to this process (not the shared APP_URL). */
  baseUrl: string;
  child: ChildProcess;
  /** performance.now() at spawn. */
  startedAt: number;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  startupMs: number;
  stdout(): string;
  stderr(): string;
  /** True once the process has exited (on its own or after stop()). */
  exited(): boolean;
  fetch(pathname: string, init?: RequestInit): Promise<Response>;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export interface ServerCluster {
  /** The one APP_URL every process was given; send it as `Origin` on every write. */
  origin: string;
  servers: ServerProcess[];
  dataDir: string;
  /** Output of every process, for a failing test's message. */
  diagnostics(): string;
  /** Stops every process (SIGTERM, then SIGKILL) and returns their exit codes. */
  stop(): Promise<(number | null)[]>;
}

export interface StartServersOptions {
  count: number;
  databaseUrl: string;
  /** Extra or overriding environment for every process. */
  env?: Record<string, string>;
  /** How long one process may take to answer /readyz with 200. */
  readyTimeoutMs?: number;
}

/** Every process started by this module and not yet reaped, for the last-resort exit hook. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // If the test process ends without afterAll (a crash, a timeout), take the servers with it.
  process.once("exit", () => {
    for (const child of live) killGroup(child, "SIGKILL");
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // The child leads its own process group (detached), so this reaches anything it spawned too.
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** A port that was free a moment ago on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("could not read a free port");
  return address.port;
}

/** The `ADMIN_*` the cluster is started with unless `env` overrides them. */
export const CLUSTER_ADMIN = { email: "admin@example.com", password: "multi process admin passphrase 7" };

/**
 * Starts `count` servers against one DATABASE_URL, in parallel, and waits until each one's
 * /readyz answers 200. If any fails to start, all are stopped and the error carries their output.
 */
export async function startServers(options: StartServersOptions): Promise<ServerCluster> {
  installExitHook();
  const ports: number[] = [];
  for (let i = 0; i < options.count; i++) {
    let port = await freePort();
    while (ports.includes(port)) port = await freePort();
    ports.push(port);
  }
  const origin = `http://127.0.0.1:${ports[0]}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "invite-procs-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    // main.ts reads `.env` from INIT_CWD (which pnpm sets to where it was run): point it at an
    // empty directory so a developer's .env cannot leak SMTP or OAuth settings into the test.
    INIT_CWD: dataDir,
    APP_URL: origin,
    HOST: "127.0.0.1", // tests reach them there; also shows that HOST holds (multi-process.test.ts)
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: path.join(dataDir, "data"),
    SECRET_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "warn",
    TRUST_PROXY: "false",
    ADMIN_EMAIL: CLUSTER_ADMIN.email,
    ADMIN_PASSWORD: CLUSTER_ADMIN.password,
    ...options.env,
  };

  const servers = ports.map((port, index) =>
    spawnServer(String.fromCharCode(65 + index), port, { ...env, PORT: String(port) }),
  );
  const cluster: ServerCluster = {
    origin,
    servers,
    dataDir,
    diagnostics: () => servers.map(describeOutput).join("\n"),
    async stop() {
      const codes = await Promise.all(servers.map((server) => server.stop()));
      rmSync(dataDir, { recursive: true, force: true });
      return codes;
    },
  };

  const timeout = options.readyTimeoutMs ?? 60_000;
  const results = await Promise.allSettled(servers.map((server) => waitReady(server, timeout)));
  const failed = results.find((result) => result.status === "rejected");
  if (failed) {
    await cluster.stop();
    throw new Error(`${(failed as PromiseRejectedResult).reason}\n${cluster.diagnostics()}`);
  }
  return cluster;
}

function spawnServer(name: string, port: number, env: Record<string, string>): ServerProcess {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "--import", PARENT_WATCHDOG, MAIN], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  live.add(child);
  child.stdin!.on("error", () => {}); // never written to; only its end matters
  let stdout = "";
  let stderr = "";
  const keep = (buffer: string, chunk: Buffer) => (buffer + chunk.toString("utf8")).slice(-MAX_OUTPUT);
  child.stdout!.on("data", (chunk: Buffer) => (stdout = keep(stdout, chunk)));
  child.stderr!.on("data", (chunk: Buffer) => (stderr = keep(stderr, chunk)));

  let exitCode: number | null = null;
  let hasExited = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code, signal) => {
      hasExited = true;
      exitCode = code ?? (signal ? 128 : null);
      live.delete(child);
      resolve(exitCode);
    });
    child.once("error", (error) => {
      stderr += `\n[spawn error] ${error.message}`;
      hasExited = true;
      live.delete(child);
      resolve(null);
    });
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    name,
    port,
    baseUrl,
    child,
    startedAt,
    startupMs: Number.NaN,
    stdout: () => stdout,
    stderr: () => stderr,
    exited: () => hasExited,
    fetch: (pathname, init) => fetch(new URL(pathname, baseUrl), init),
    async stop(graceMs = 10_000) {
      if (hasExited) return exitCode;
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return server;
}

async function waitReady(server: ServerProcess, timeoutMs: number): Promise<void> {
  const deadline = server.startedAt + timeoutMs;
  let last = "no answer yet";
  while (performance.now() < deadline) {
    if (server.exited()) throw new Error(`server ${server.name} exited before it was ready (code ${server.child.exitCode})`);
    try {
      const response = await server.fetch("/readyz", { signal: AbortSignal.timeout(2_000) });
      last = `HTTP ${response.status}`;
      await response.body?.cancel();
      if (response.status === 200) {
        server.startupMs = Math.round(performance.now() - server.startedAt);
        return;
      }
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server ${server.name} was not ready within ${timeoutMs} ms (last: ${last})`);
}

function describeOutput(server: ServerProcess): string {
  const section = (label: string, text: string) => (text.trim() ? `--- ${label}\n${text.trimEnd()}\n` : "");
  return (
    `=== server ${server.name} (port ${server.port}, pid ${server.child.pid}, exit ${server.child.exitCode ?? server.child.signalCode ?? "running"})\n` +
    section("stderr", server.stderr()) +
    section("stdout", server.stdout())
  );
}
