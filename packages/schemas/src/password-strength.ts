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
  translations: { ...translations, warnings: plainWarnings(), suggestions: plainSuggestions() },
});

/**
 * What the meter and the server say about a weak password, in our words rather than the
 * library's ("There should not be any personal or page related data."): plain, second person,
 * saying what to do. Every key the library has gets one (password-strength.unit.test.ts).
 */
function plainWarnings(): typeof translations.warnings {
  return {
    straightRow: "Keys in a row on the keyboard are easy to guess.",
    keyPattern: "Short keyboard patterns are easy to guess.",
    simpleRepeat: "Repeated characters, like “aaa”, are easy to guess.",
    extendedRepeat: "Repeated patterns, like “abcabc”, are easy to guess.",
    sequences: "Sequences, like “abc” or “123”, are easy to guess.",
    recentYears: "Recent years are easy to guess.",
    dates: "Dates are easy to guess.",
    topTen: "This is one of the most used passwords.",
    topHundred: "This is a very common password.",
    common: "This is a common password.",
    similarToCommon: "This is close to a common password.",
    wordByItself: "A single word is easy to guess.",
    namesByThemselves: "A name on its own is easy to guess.",
    commonNames: "Common names are easy to guess.",
    userInputs: "It contains your name or email address, which others know.",
    pwned: "This password has appeared in a data breach.",
  };
}

function plainSuggestions(): typeof translations.suggestions {
  return {
    l33t: "Swapping letters for look-alikes (like “@” for “a”) doesn't help much.",
    reverseWords: "Words spelled backwards are still easy to guess.",
    allUppercase: "Capitals everywhere don't help much; add words instead.",
    capitalization: "A capital first letter doesn't help much; add words instead.",
    dates: "Leave out dates and years that mean something to you.",
    recentYears: "Leave out recent years.",
    associatedYears: "Leave out years that mean something to you.",
    sequences: "Leave out sequences like “abc” or “123”.",
    repeated: "Leave out repeated words and characters.",
    longerKeyboardPattern: "Use something other than a keyboard pattern.",
    anotherWord: "Add another word or two that are less common.",
    useWords: "Try a few unrelated words together.",
    noNeed: "Several unrelated words make a strong password; symbols and digits aren't needed.",
    pwned: "If you use it anywhere else, change it there too.",
  };
}

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
