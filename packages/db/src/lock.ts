// One process at a time on an embedded database directory. PGlite keeps no lock of its own:
// two processes on one directory each write over the other, and one side's writes are lost.
//
// The lock is a file in the directory naming its holder (pid, host, what it is). It is released
// on close and at exit; a holder that died without releasing (SIGKILL, a power cut) is noticed
// at once by the next opener, so a lock left behind never blocks a restart:
// - on this host, the pid is gone, or (Linux) now belongs to a process started at another time;
// - from another host (a shared volume, a renamed machine), its holder touches the file every
//   few seconds, and a file left untouched for a minute is stale.
import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

export const LOCK_FILE = "database.lock";

const HEARTBEAT_MS = 10_000;
/** A lock from another host, untouched this long, has lost its holder. */
const OTHER_HOST_STALE_MS = 60_000;

export interface LockHolder {
  pid: number;
  host: string;
  /** What holds it, as the refusal names it: "server", "cli", … */
  owner: string;
  /** Linux: boot id and start time, so a pid reused after a crash or a reboot is not taken for the holder. */
  started: string | null;
  /** This acquisition's own id. */
  id: string;
}

/** Another process (or another handle in this one) has the directory open. */
export class DatabaseInUseError extends Error {
  override name = "DatabaseInUseError";
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(`The embedded database in ${dataDir} is already open in ${describeHolder(holder)}; only one process may open it at a time.`);
  }
}

export function describeHolder(holder: LockHolder): string {
  const where = holder.host === hostname() ? "" : ` on ${holder.host}`;
  return holder.pid === process.pid && held.has(holder.id)
    ? "this process"
    : `another process (${holder.owner}, pid ${holder.pid}${where})`;
}

/** The locks this process holds, by id, released at exit if still held. */
const held = new Map<string, () => void>();
let exitHookInstalled = false;

/**
 * Takes the directory's lock or throws DatabaseInUseError. Synchronous, so the caller opens the
 * database only once it holds the lock. Returns the release function (idempotent).
 */
export function lockDataDir(dataDir: string, owner: string): () => void {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), owner, started: processStart(process.pid), id: randomBytes(8).toString("hex") };
  const mine = JSON.stringify(me);
  // Written whole under a private name, then linked into place: link fails if the lock exists,
  // and a reader never sees a half-written file.
  const draft = `${lockPath}.${me.id}.new`;
  writeFileSync(draft, mine);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(draft, lockPath);
        return hold(lockPath, me.id, mine);
      } catch (error) {
        if (code(error) !== "EEXIST") throw error;
      }
      const seen = readIfPresent(lockPath);
      if (seen === null) continue; // released meanwhile
      const holder = parseHolder(seen);
      if (holder && isAlive(holder, lockPath)) throw new DatabaseInUseError(dataDir, holder);
      removeIfUnchanged(lockPath, seen);
    }
    throw new Error(`Could not take the lock ${lockPath}: other processes keep taking it.`);
  } finally {
    unlinkSync(draft);
  }
}

function hold(lockPath: string, id: string, mine: string): () => void {
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(lockPath, now, now);
    } catch {
      // deleted by hand: nothing to keep fresh
    }
  }, HEARTBEAT_MS).unref();
  const release = () => {
    if (!held.delete(id)) return;
    clearInterval(heartbeat);
    // Only our own lock: never one another process took after ours was removed by hand.
    if (readIfPresent(lockPath) === mine) unlinkSync(lockPath);
  };
  held.set(id, release);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // process.exit() and uncaught errors skip close(); the lock goes all the same.
    process.on("exit", () => {
      for (const releaseOne of held.values()) releaseOne();
    });
  }
  return release;
}

function isAlive(holder: LockHolder, lockPath: string): boolean {
  if (holder.host !== hostname()) return Date.now() - statSync(lockPath).mtimeMs < OTHER_HOST_STALE_MS;
  if (holder.pid === process.pid) return held.has(holder.id);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if (code(error) === "ESRCH") return false;
    // EPERM: alive, another user's
  }
  const started = processStart(holder.pid);
  return holder.started === null || started === null || started === holder.started;
}

/**
 * Removes the stale lock read as `seen`, unless another process replaced it since: moved aside
 * first, so the check and the removal are about the same file; a fresh lock moved by mistake is
 * linked back.
 */
function removeIfUnchanged(lockPath: string, seen: string) {
  const aside = `${lockPath}.${randomBytes(8).toString("hex")}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if (code(error) === "ENOENT") return;
    throw error;
  }
  try {
    if (readFileSync(aside, "utf8") !== seen) linkSync(aside, lockPath);
  } catch (error) {
    if (code(error) !== "EEXIST") throw error;
  } finally {
    unlinkSync(aside);
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(value.pid) || typeof value.host !== "string" || typeof value.id !== "string") return null;
    return { pid: value.pid!, host: value.host, owner: String(value.owner ?? "unknown"), started: value.started ?? null, id: value.id };
  } catch {
    return null; // not ours to keep: a torn or foreign file holds no one
  }
}

let bootId: string | null | undefined;

/** Linux: "<boot id>:<start time in clock ticks>", which no other process ever shares; else null. */
export function processStart(pid: number): string | null {
  try {
    bootId ??= readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces and parentheses); start time is field 22.
    const startTime = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    return startTime ? `${bootId}:${startTime}` : null;
  } catch {
    bootId ??= null;
    return null;
  }
}

function readIfPresent(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if (code(error) === "ENOENT") return null;
    throw error;
  }
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}
