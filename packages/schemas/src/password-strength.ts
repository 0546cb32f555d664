import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, translations, wordLists } from "./password-dictionaries.ts";

/**
 * One estimator for the server's verdict and the SPA's meter, so the two always agree: both
 * read the same word lists (password-dictionaries.ts, zxcvbn-ts's English and common packs cut
 * to what a browser can download; scripts/password-dictionaries.mjs says what is kept). They
 * are still ~160 kB with brotli: the SPA imports this module lazily.
 */
const zxcvbn = new ZxcvbnFactory({
  dictionary: Object.fromEntries(Object.entries(wordLists).map(([name, text]) => [name, unpackWordList(text)])),
  graphs: adjacencyGraphs,
  translations,
});

/** A packed list back to zxcvbn's form: words in rank order, "" holding a left-out word's place. */
export function unpackWordList(text: string): string[] {
  const words: string[] = [];
  for (const token of text.split(":")) {
    if (token.startsWith("~")) for (let gap = Number(token.slice(1)); gap > 0; gap--) words.push("");
    else words.push(token);
  }
  return words;
}

/** zxcvbn's scale 0-4; 3 is "safely unguessable: moderate protection from offline attack". */
export const MIN_PASSWORD_SCORE = 3;

export interface PasswordStrength {
  score: 0 | 1 | 2 | 3 | 4;
  acceptable: boolean;
  /** Why it is weak and what to do, in words a person can act on; empty when acceptable. */
  feedback: string;
}

/** `related` (the email, the name) counts as guessable. */
export function estimatePasswordStrength(password: string, related: string[] = []): PasswordStrength {
  const inputs = related.flatMap((value) => [value, ...value.split(/[@.\s_-]+/)]).filter((v) => v.length >= 3);
  const result = zxcvbn.check(password, inputs);
  const acceptable = result.score >= MIN_PASSWORD_SCORE;
  const feedback = acceptable
    ? ""
    : [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(" ") ||
      "Add more words or characters that aren't easy to guess.";
  return { score: result.score, acceptable, feedback };
}
