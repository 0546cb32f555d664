import { describe, expect, it } from "vitest";
import { translations } from "../src/password-dictionaries.ts";
import { estimatePasswordStrength } from "../src/password-strength.ts";

/* The meter and the server speak our words about a weak password, never the library's. */

const libraryWording = [...Object.values(translations.warnings), ...Object.values(translations.suggestions)];

describe("password feedback wording", () => {
  it("a password made of the person's email says so plainly", () => {
    const { acceptable, feedback } = estimatePasswordStrength("adalovelace", ["ada.lovelace@example.com", "Ada Lovelace"]);
    expect(acceptable).toBe(false);
    expect(feedback).toContain("It contains your name or email address, which others know.");
    expect(feedback).not.toMatch(/personal or page related data/);
  });

  it.each(["password123456", "qwertyuiopasdf", "aaaaaaaaaaaaaa", "abcdefghijklmn", "summer2025", "johnsmith"])(
    "%s: feedback in our words only",
    (password) => {
      const { acceptable, feedback } = estimatePasswordStrength(password);
      expect(acceptable).toBe(false);
      expect(feedback.length).toBeGreaterThan(0);
      for (const sentence of libraryWording) expect(feedback).not.toContain(sentence);
    },
  );
});
