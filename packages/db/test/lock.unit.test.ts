// The DATA_DIR lock on its own (docs/SECURITY.md 42; the real processes are in
// apps/server/test/data-dir-lock.test.ts): who counts as holding it, and what counts as stale.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseInUseError, LOCK_FILE, lockDataDir, processStart, type LockHolder } from "../src/lock.ts";

let dir: string;
let lockPath: string;
const releases: (() => void)[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "invite-lock-"));
  lockPath = path.join(dir, LOCK_FILE);
});
afterEach(() => {
  for (const release of releases.splice(0)) release();
  rmSync(dir, { recursive: true, force: true });
});

function lock(owner = "test") {
  const release = lockDataDir(dir, owner);
  releases.push(release);
  return release;
}

/** A lock file as another process would have left it. */
function leave(holder: Partial<LockHolder>) {
  writeFileSync(lockPath, JSON.stringify({ host: hostname(), owner: "server", started: null, id: "theirs", ...holder }));
}

function refusal(): DatabaseInUseError {
  try {
    lock();
  } catch (error) {
    if (error instanceof DatabaseInUseError) return error;
    throw error;
  }
  throw new Error("the lock was taken");
}

const holderOf = () => JSON.parse(readFileSync(lockPath, "utf8")) as LockHolder;

/** The pid of a process that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

describe("lockDataDir", () => {
  it("holds the directory until released, names its holder, and leaves no other file behind", () => {
    const release = lock("cli");
    expect(holderOf()).toMatchObject({ pid: process.pid, host: hostname(), owner: "cli" });
    // A second handle in this same process is refused too: two PGlite instances on one directory also lose writes.
    expect(refusal().message).toBe(`The embedded database in ${dir} is already open in this process; only one process may open it at a time.`);
    release();
    expect(readdirSync(dir)).toEqual([]);
    lock();
    expect(holderOf().pid).toBe(process.pid);
  });

  it("refuses while the holder, a live process started at the recorded time, runs", () => {
    leave({ pid: process.ppid, started: processStart(process.ppid) });
    const error = refusal();
    expect(error.holder).toMatchObject({ pid: process.ppid, owner: "server" });
    expect(error.message).toContain(`another process (server, pid ${process.ppid})`);
    expect(holderOf().id).toBe("theirs");
  });

  it("takes over a lock whose process has died (SIGKILL, a crash)", () => {
    leave({ pid: deadPid() });
    lock();
    expect(holderOf().pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
  });

  it.runIf(process.platform === "linux")("takes over a lock whose pid now belongs to a process started at another time", () => {
    leave({ pid: process.ppid, started: `${processStart(process.ppid)!.split(":")[0]}:1` });
    lock();
    expect(holderOf().pid).toBe(process.pid);
  });

  it("takes over a lock left by an earlier process with this pid (a restart in a container)", () => {
    leave({ pid: process.pid, started: null, id: "an earlier life" });
    lock();
    expect(holderOf().pid).toBe(process.pid);
    expect(holderOf().id).not.toBe("an earlier life");
  });

  it("from another host: refuses while its holder keeps it fresh, takes it over once a minute has passed", () => {
    leave({ pid: 1, host: "elsewhere.example" });
    expect(refusal().message).toContain("another process (server, pid 1 on elsewhere.example)");
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(lockPath, twoMinutesAgo, twoMinutesAgo);
    lock();
    expect(holderOf().host).toBe(hostname());
  });

  it("takes over a file that names no holder", () => {
    writeFileSync(lockPath, "not json");
    lock();
    expect(holderOf().pid).toBe(process.pid);
  });

  it("release leaves alone a lock that is no longer its own", () => {
    const release = lock();
    leave({ pid: process.ppid }); // say, its file deleted by hand and another process took the directory
    release();
    expect(holderOf().id).toBe("theirs");
  });
});
