import { emailSchema } from "@invite/schemas";

/*
 * What an admin types or pastes into "Email addresses": one address, or a list separated
 * by commas, semicolons, spaces or new lines, possibly copied from a mail client
 * (`Ada Lovelace <ada@example.com>`). Each entry is checked with the API's own schema,
 * and repeats (case-insensitive, as the API compares) are dropped.
 */

export type EmailEntry =
  | { input: string; email: string; valid: true }
  | { input: string; valid: false; error: string };

export interface ParsedEmails {
  entries: EmailEntry[];
  valid: string[];
  invalid: Array<{ input: string; error: string }>;
  /** Entries that repeated an earlier address and were dropped. */
  duplicates: number;
}

/** `Name <a@b.c>` -> `a@b.c`; anything else as typed. */
function unwrap(token: string): string {
  const angle = /<([^<>]+)>$/.exec(token);
  return (angle?.[1] ?? token).replace(/^mailto:/i, "").trim();
}

export function splitEmailList(text: string): string[] {
  // A display name may contain spaces or commas only inside quotes or before <…>: split on
  // separators outside angle brackets, then keep only the address part of each piece.
  const pieces = text.split(/[\n,;]+/).flatMap((piece) => {
    const trimmed = piece.trim();
    if (!trimmed) return [];
    // "ada@example.com grace@example.com": spaces separate addresses, unless a <…> is there.
    return trimmed.includes("<") ? [trimmed] : trimmed.split(/\s+/);
  });
  return pieces.map(unwrap).filter(Boolean);
}

export function parseEmailList(text: string): ParsedEmails {
  const seen = new Set<string>();
  const entries: EmailEntry[] = [];
  let duplicates = 0;
  for (const input of splitEmailList(text)) {
    const result = emailSchema.safeParse(input);
    if (!result.success) {
      entries.push({ input, valid: false, error: result.error.issues[0]?.message ?? "Not a valid email address." });
      continue;
    }
    if (seen.has(result.data)) {
      duplicates++;
      continue;
    }
    seen.add(result.data);
    entries.push({ input, email: result.data, valid: true });
  }
  return {
    entries,
    valid: entries.flatMap((entry) => (entry.valid ? [entry.email] : [])),
    invalid: entries.flatMap((entry) => (entry.valid ? [] : [{ input: entry.input, error: entry.error }])),
    duplicates,
  };
}
