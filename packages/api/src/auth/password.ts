import { availableParallelism } from "node:os";
import { hash, verify } from "@node-rs/argon2";
import { passwordLength, PASSWORD_MAX, PASSWORD_MIN } from "@invite/schemas";
import type * as PasswordStrength from "@invite/schemas/password-strength";
import { AppError } from "../errors.ts";

/**
 * Argon2id above OWASP's floor (m=19 MiB, t=2, p=1). @node-rs/argon2 hashes on libuv's
 * thread pool, so the event loop keeps serving other requests meanwhile.
 */
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * At most (CPUs - 1) hashes at once: libuv's four threads hashing on two cores starved the
 * event loop (healthz p99 near a second during a sign-in storm, see bench/). Waiting
 * sign-ins queue here instead.
 */
const MAX_CONCURRENT_HASHES = Math.max(1, availableParallelism() - 1);
let running = 0;
const waiting: Array<() => void> = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  // A finishing hash hands its slot straight to the next in line, so the cap always holds.
  if (running < MAX_CONCURRENT_HASHES) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => hash(password, ARGON2_OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await withHashSlot(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

/** A real hash of nothing anyone knows: unknown emails cost the same time as wrong passwords. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await dummyHash, password);
}

/**
 * The estimator and its dictionaries (several MB of heap once ranked) load with the first
 * password anyone chooses, not at start, so a server that only signs people in never holds them.
 */
let estimator: Promise<typeof PasswordStrength> | undefined;
const loadEstimator = () => (estimator ??= import("@invite/schemas/password-strength"));

/** Refuses short, overlong and guessable passwords with a reason the user can act on. */
export async function assertStrongPassword(password: string, related: string[] = []): Promise<void> {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
    throw new AppError("WEAK_PASSWORD", `Use between ${PASSWORD_MIN} and ${PASSWORD_MAX} characters.`);
  }
  const { estimatePasswordStrength } = await loadEstimator();
  const strength = estimatePasswordStrength(password, related);
  if (!strength.acceptable) {
    throw new AppError("WEAK_PASSWORD", `This password is too easy to guess. ${strength.feedback}`, {
      score: strength.score,
    });
  }
}
