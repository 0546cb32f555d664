import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

/**
 * One estimator for the server's verdict and the SPA's meter, so the two always agree.
 * It carries large dictionaries: the SPA imports this module lazily.
 */
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
});

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
