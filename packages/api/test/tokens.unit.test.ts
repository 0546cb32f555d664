import { describe, expect, it } from "vitest";
import { digestsEqual, hashToken, tokenMatchesHash } from "../src/auth/tokens.ts";

/**
 * SECURITY 16: the stored session secret's hash is compared in constant time. Timing cannot be
 * measured reliably in a test, but the shape of the work can: a constant-time comparison reads
 * every byte pair, the two digests side by side, to the end, wherever they differ. An early
 * exit reads fewer bytes when the first ones differ; comparing encodings (`hex(a) === hex(b)`,
 * `Buffer.equals`) reads one digest whole before the other and then compares in a way that can
 * stop early.
 */

/** `bytes` behind a Proxy that records each element read, as `${label}${index}`. */
function watched(bytes: Uint8Array, label: string, reads: string[]): Uint8Array {
  return new Proxy(bytes, {
    get(target, property) {
      if (typeof property === "string" && /^\d+$/.test(property)) reads.push(`${label}${property}`);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The digest with one bit flipped at `index`. */
function differingAt(digest: Uint8Array, index: number): Uint8Array {
  const copy = new Uint8Array(digest);
  copy[index]! ^= 0x01;
  return copy;
}

const TOKEN = "vq3k7x2mfz4w6yhbnc5tjrpd";
const STORED = hashToken(TOKEN);
const SIZE = STORED.length;

describe("tokenMatchesHash (SECURITY 16)", () => {
  it("matches only the token's own SHA-256, of the same length", () => {
    expect(SIZE).toBe(32);
    expect(tokenMatchesHash(TOKEN, new Uint8Array(STORED))).toBe(true);
    for (const index of [0, 15, SIZE - 1]) expect(tokenMatchesHash(TOKEN, differingAt(STORED, index)), `byte ${index}`).toBe(false);
    expect(tokenMatchesHash(`${TOKEN}a`, STORED)).toBe(false);
    expect(tokenMatchesHash("", STORED)).toBe(false);
    // A stored hash cut short, or with bytes added, never matches, even on the common prefix.
    expect(tokenMatchesHash(TOKEN, STORED.slice(0, SIZE - 1))).toBe(false);
    expect(tokenMatchesHash(TOKEN, new Uint8Array([...STORED, 0]))).toBe(false);
    expect(tokenMatchesHash(TOKEN, new Uint8Array(0))).toBe(false);
  });

  it("reads every byte of the stored hash, in the same order, wherever a guess goes wrong", () => {
    const traceFor = (stored: Uint8Array) => {
      const reads: string[] = [];
      tokenMatchesHash(TOKEN, watched(stored, "", reads));
      return reads;
    };
    const everyByte = Array.from({ length: SIZE }, (_, index) => String(index));
    expect(traceFor(new Uint8Array(STORED))).toEqual(everyByte);
    expect(traceFor(differingAt(STORED, 0))).toEqual(everyByte);
    expect(traceFor(differingAt(STORED, SIZE - 1))).toEqual(everyByte);
  });
});

describe("digestsEqual (SECURITY 16)", () => {
  it("answers like equality for equal, unequal and different-length digests", () => {
    expect(digestsEqual(STORED, new Uint8Array(STORED))).toBe(true);
    expect(digestsEqual(STORED, differingAt(STORED, 7))).toBe(false);
    expect(digestsEqual(STORED, STORED.slice(0, 16))).toBe(false);
    expect(digestsEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });

  it("walks both digests together, pair by pair, to the end, wherever they differ", () => {
    const traceFor = (other: Uint8Array) => {
      const reads: string[] = [];
      digestsEqual(watched(new Uint8Array(STORED), "a", reads), watched(other, "b", reads));
      return reads;
    };
    // Byte i of both digests is read before byte i + 1 of either: no encoding of one whole digest first.
    const pairwise = Array.from({ length: SIZE }, (_, index) => [`a${index}`, `b${index}`].sort());
    const asPairs = (reads: string[]) =>
      Array.from({ length: Math.ceil(reads.length / 2) }, (_, pair) => reads.slice(pair * 2, pair * 2 + 2).sort());
    for (const other of [new Uint8Array(STORED), differingAt(STORED, 0), differingAt(STORED, SIZE - 1)]) {
      expect(asPairs(traceFor(other))).toEqual(pairwise);
    }
  });
});
