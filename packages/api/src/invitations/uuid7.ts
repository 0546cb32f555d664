import { randomBytes } from "node:crypto";

/*
 * UUIDv7 ids (RFC 9562) for rows written in bulk with plain SQL, where Prisma's
 * `@default(uuid(7))` does not run. Time-ordered like Prisma's, so lists that sort by id (newest
 * first) keep working; within one millisecond a 12-bit counter keeps them in the order made.
 */

let lastMs = 0;
let counter = 0;

/** `count` new ids, in increasing order. */
export function uuid7s(count: number): string[] {
  const random = randomBytes(8 * count);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const now = Date.now();
    if (now > lastMs) {
      lastMs = now;
      counter = 0;
    } else if (++counter > 0xfff) {
      // 4,096 in one millisecond: borrow the next one rather than repeat an order.
      lastMs++;
      counter = 0;
    }
    const bytes = Buffer.alloc(16);
    bytes.writeUIntBE(lastMs, 0, 6);
    bytes.writeUInt16BE(0x7000 | counter, 6);
    random.copy(bytes, 8, 8 * i, 8 * i + 8);
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString("hex");
    ids.push(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
  }
  return ids;
}
