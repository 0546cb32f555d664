/** No procedure takes input nested deeper than a few levels; anything past this is refused. */
export const MAX_INPUT_DEPTH = 32;

/** In `u` mode a well-formed pair is one code point; only a lone half is in category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Text PostgreSQL cannot keep: U+0000 (no text column takes it) and a lone UTF-16 surrogate
 * (a JSON column refuses its escape; a text column would silently keep U+FFFD instead).
 */
function unstorableText(text: string): string | null {
  if (text.includes("\0")) return "Text can't contain the NUL character (U+0000).";
  if (LONE_SURROGATE.test(text)) return "Text can't contain a lone UTF-16 surrogate.";
  return null;
}

/**
 * What keeps an input from being stored: unstorable text in any string or key, or nesting
 * past MAX_INPUT_DEPTH. Walked with a stack of its own, so a hostile 10 KB of brackets cannot
 * overflow the call stack; the wire format guarantees a tree (`wire.ts`), so each node is
 * visited once. A top-level `token` is skipped: tokens are only ever hashed, and a malformed
 * one must read as not found (docs/CONTRACT.md).
 */
export function unstorable(input: unknown): string | null {
  const pending: Array<[unknown, number]> =
    typeof input === "object" && input !== null && !Array.isArray(input)
      ? Object.entries(input).flatMap(([key, value]): Array<[unknown, number]> => (key === "token" ? [] : [[key, 0], [value, 1]]))
      : [[input, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    if (typeof value === "string") {
      const problem = unstorableText(value);
      if (problem) return problem;
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) return "The input is nested too deeply.";
    const entries: unknown[] = Array.isArray(value) ? value : Object.entries(value).flat();
    for (const child of entries) pending.push([child, depth + 1]);
  }
  return null;
}
