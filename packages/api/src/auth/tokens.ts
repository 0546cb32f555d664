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
  const candidate = hashToken(token);
  return candidate.length === hash.length && constantTimeEqual(candidate, hash);
}
