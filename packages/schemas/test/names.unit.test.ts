import { describe, expect, it } from "vitest";
import { nameSchema } from "../src/fields.ts";
import { completeSignUpInput } from "../src/sign-up.ts";

describe("names people type", () => {
  it("keep letters, accents, emoji, punctuation and spaces, trimmed", () => {
    for (const name of ["Ada Lovelace", "Zoë O'Brien-Núñez", "李小龍", "Ada 👩‍💻", "Dr. J. R. R. Tolkien"]) {
      expect(nameSchema.parse(`  ${name} `)).toBe(name);
    }
  });

  it("refuse control and text-direction characters, which would break a sentence or an email header", () => {
    for (const name of ["Ada\u0007", "Ada\r\nBcc: x@evil.example", "\u202eecalevoL adA", "Ada\u2066x\u2069", "Ada\u0085"]) {
      expect(nameSchema.safeParse(name).success, JSON.stringify(name)).toBe(false);
    }
  });

  it("hold for the name chosen when completing a sign-up", () => {
    const result = completeSignUpInput.safeParse({ token: "t".repeat(32), name: "\u202eAda", password: "a sturdy passphrase 42" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Use letters, digits, spaces and punctuation only.");
  });
});
