import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** `bytes` random bytes from the CSPRNG, as lower-case base32 (URL- and cookie-safe). */
export function generateSecureRandomString(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Tokens are stored only as SHA-256: a database leak reveals no usable link or session. */
export function hashToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(sha256(new TextEncoder().encode(token)));
}

export function tokenMatchesHash(token: string, hash: Uint8Array): boolean {
  return digestsEqual(hashToken(token), hash);
}

/**
 * Whether two digests are equal, in time that does not depend on where they differ: every
 * byte pair is read and combined, with no early exit (a string `===` or a loop that stops at
 * the first difference would tell an attacker how much of a guess was right).
 */
export function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && constantTimeEqual(a, b);
}
