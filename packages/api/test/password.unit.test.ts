import { describe, expect, it } from "vitest";
import { assertStrongPassword, hashPassword, verifyPassword } from "../src/auth/password.ts";
import { AppError } from "../src/errors.ts";

async function reasonOf(check: Promise<void>): Promise<string | null> {
  try {
    await check;
    return null;
  } catch (error) {
    return error instanceof AppError ? error.reason : "unexpected";
  }
}

describe("passwords (SECURITY 13-15)", () => {
  it("refuses 11 code points and accepts a strong 12", async () => {
    expect(await reasonOf(assertStrongPassword("vX9#qL2$mPz"))).toBe("WEAK_PASSWORD");
    expect(await reasonOf(assertStrongPassword("vX9#qL2$mPzw"))).toBeNull();
  });

  it("counts code points, not UTF-16 units: 12 emoji are 12 characters", async () => {
    const emoji = "🦊🐙🦉🐝🦖🐬🦔🐢🦩🐳🦜🐌";
    expect(emoji.length).toBe(24);
    expect(await reasonOf(assertStrongPassword(emoji.slice(0, 22)))).toBe("WEAK_PASSWORD");
    expect(await reasonOf(assertStrongPassword(emoji))).toBeNull();
  });

  it("accepts 256 code points and refuses 257, never truncating", async () => {
    const long = Array.from({ length: 256 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))).join("");
    expect(await reasonOf(assertStrongPassword(long))).toBeNull();
    expect(await reasonOf(assertStrongPassword(long + "x"))).toBe("WEAK_PASSWORD");
    const hash = await hashPassword(long);
    expect(await verifyPassword(hash, long)).toBe(true);
    expect(await verifyPassword(hash, long.slice(0, 255))).toBe(false);
  });

  it.each(["password1234", "qwertyuiopasdf", "aaaaaaaaaaaaaaa", "123456789012"])("refuses the common %s with a reason", async (p) => {
    try {
      await assertStrongPassword(p);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toMatch(/too easy to guess/);
    }
  });

  it("refuses a password built from the user's own email", async () => {
    expect(await reasonOf(assertStrongPassword("margarethamilton", ["margarethamilton@nasa.gov"]))).toBe("WEAK_PASSWORD");
  });

  it("needs no composition rules: a long lower-case passphrase is fine", async () => {
    expect(await reasonOf(assertStrongPassword("purple otters juggle quietly"))).toBeNull();
  });

  it("hashes with Argon2id at m=19456 KiB, t=2, p=1", async () => {
    const hash = await hashPassword("purple otters juggle quietly");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
