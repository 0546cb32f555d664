// A server under test in a process of its own, measured from outside through /proc: its CPU time
// (all threads) and its resident memory, now and at its peak. The same for every server, ours,
// Better Auth's and the floors', so no server carries measuring code of its own.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * When a started server counts as idle: its start-up work (the first maintenance run, the
 * outbox's first poll) is done and V8 has collected what starting left behind, which it does a
 * few seconds after allocation stops (its "memory reducer"). Earlier, RSS still holds that garbage.
 */
export const IDLE_AFTER_MS = 10_000;

export interface ServerProcess {
  name: string;
  origin: string;
  pid: number;
  /** CPU time (user + system, every thread) since the process started, in ms. */
  cpuMs(): number;
  /** Resident memory now and its peak since the process started (VmRSS, VmHWM), in MiB. */
  memory(): { rssMiB: number; peakMiB: number };
  stop(): Promise<void>;
}

export interface ServerCommand {
  name: string;
  /** Arguments to `node`. */
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  port: number;
  /** A GET that answers 2xx once the server is ready. */
  readyPath: string;
  /** Print the server's output as it comes (its logs when BENCH_LOG_LEVEL is set). */
  echo?: boolean;
}

// A benchmark that ends early (an error, Ctrl-C, run.mjs's time limit) leaves no server behind.
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

const TICKS_PER_SECOND = 100; // USER_HZ: the unit of /proc/<pid>/stat's times on Linux
const READY_TIMEOUT_MS = 120_000; // a loaded 2-core machine starts a server slowly

/** A port nobody listens on now; the server is told to take it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The environment a server starts with: no variable of the caller's but these, so a developer's
 * `DATABASE_URL`, `SMTP_URL` or `NODE_OPTIONS` never reaches a server under test.
 */
export function serverEnv(extra: Record<string, string>): Record<string, string> {
  const kept = ["PATH", "HOME", "TMPDIR", "TZ", "UV_THREADPOOL_SIZE"];
  const inherited = Object.fromEntries(kept.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])));
  return { ...inherited, NODE_ENV: "production", ...extra };
}

export async function startProcess(command: ServerCommand): Promise<ServerProcess> {
  const child = spawn(process.execPath, command.args, {
    cwd: command.cwd,
    env: command.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The server's own output stays quiet unless it fails: its last lines explain why.
  let output: string[] = [];
  const keep = (chunk: Buffer) => {
    if (command.echo) process.stderr.write(chunk);
    output = [...output, ...chunk.toString().split("\n").filter(Boolean)].slice(-40);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  running.add(child);
  child.once("exit", () => running.delete(child));
  const exited = once(child, "exit");
  const origin = `http://127.0.0.1:${command.port}`;
  try {
    await waitUntilReady(child, `${origin}${command.readyPath}`, exited);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${command.name} did not start: ${(error as Error).message}\n${output.join("\n")}`);
  }
  const pid = child.pid!;
  return {
    name: command.name,
    origin,
    pid,
    cpuMs: () => {
      // Fields after the command name (which may hold spaces): utime is the 14th, stime the 15th.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    },
    memory: () => {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
      return { rssMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM"); // each server closes its pool and exits; ours waits for in-flight work
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitUntilReady(child: ChildProcess, url: string, exited: Promise<unknown>) {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`no answer from ${url} within ${READY_TIMEOUT_MS / 1000} s`);
}

/** Stops every server whatever happens, also on Ctrl-C; a stuck one is killed. */
export function stopAll(servers: Iterable<ServerProcess>): Promise<void> {
  return Promise.all([...servers].map((server) => server.stop().catch(() => undefined))).then(() => undefined);
}

/** Runs `body` against a server started for it, and stops the server however `body` ends. */
export async function withServer<T>(start: Promise<ServerProcess>, body: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await start;
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}
