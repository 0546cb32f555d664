import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Seals a secret an email must carry (an invitation token) with a key that lives outside
 * the database, so the outbox never holds a usable token. AES-256-GCM, random 96-bit IV.
 */
export interface Sealer {
  seal(plaintext: string): string;
  unseal(sealed: string): string;
}

const VERSION = "v1";

export function createSealer(key: Uint8Array): Sealer {
  if (key.length !== 32) throw new Error("The sealing key must be 32 bytes.");
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")}`;
    },
    unseal(sealed) {
      const [version, data] = sealed.split(".");
      if (version !== VERSION || !data) throw new Error("Unknown sealed format.");
      const bytes = Buffer.from(data, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8");
    },
  };
}
