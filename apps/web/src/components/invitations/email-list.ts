import { emailSchema, inviteeNameSchema, NAME_MAX } from "@invite/schemas";

/*
 * What an admin types or pastes into "Email addresses": one address, or a list separated by
 * commas, semicolons or new lines (or spaces, between bare addresses), possibly copied from a
 * mail client with names: `Ada Lovelace <ada@example.com>`, `"Lovelace, Ada" <ada@example.com>`.
 * A comma or semicolon inside quotes or <…> belongs to the name or address, not the list. Each
 * address is checked with the API's own schema, each name with its rules, and repeats
 * (case-insensitive, as the API compares) are dropped.
 */

export type EmailEntry =
  | { input: string; email: string; name?: string; valid: true }
  | { input: string; valid: false; error: string; /** What is wrong: the address, or the name with it. */ field: "email" | "name" };

export interface ParsedEmails {
  entries: EmailEntry[];
  valid: string[];
  invalid: Array<{ input: string; error: string; field: "email" | "name" }>;
  /** Entries that repeated an earlier address and were dropped. */
  duplicates: number;
  /** Valid entries that came with a name. */
  named: number;
}

/** One entry of the list before it is judged: the address as written and the name, if any. */
export interface ListEntry {
  input: string;
  address: string;
  name?: string;
}

/**
 * The list's entries, in order. Commas, semicolons and line breaks separate entries, except
 * inside "quotes" or <angle brackets>; a line break always does (no name spans lines, so an
 * unclosed quote can't swallow the rest of the list). Spaces separate bare addresses
 * ("ada@example.com grace@example.com"); words without an "@" stay one entry, which is what a
 * name being typed before its <address> looks like.
 */
export function splitEmailList(text: string): ListEntry[] {
  return topLevelPieces(text).flatMap(entriesOf);
}

function entriesOf(piece: string): ListEntry[] {
  const trimmed = piece.trim();
  if (!trimmed) return [];
  const mailbox = parseMailbox(trimmed);
  if (mailbox) return [mailbox];
  if (!isBare(trimmed) || !trimmed.includes("@")) return [{ input: trimmed, address: trimmed }];
  return trimmed.split(/\s+/).map((word) => ({ input: word, address: stripMailto(word) }));
}

/** No name and no <address> in it: a bare address, or several separated by spaces. */
const isBare = (piece: string) => !/[<>"]/.test(piece);

function topLevelPieces(text: string): string[] {
  const pieces: string[] = [];
  let current = "";
  let quoted = false;
  let angled = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\n" || ch === "\r") {
      pieces.push(current);
      current = "";
      quoted = angled = false;
    } else if (quoted) {
      current += ch;
      if (ch === "\\" && i + 1 < text.length && text[i + 1] !== "\n") current += text[++i];
      else if (ch === '"') quoted = false;
    } else if (angled) {
      current += ch;
      if (ch === ">") angled = false;
    } else if (ch === "," || ch === ";") {
      pieces.push(current);
      current = "";
    } else {
      current += ch;
      if (ch === '"') quoted = true;
      else if (ch === "<") angled = true;
    }
  }
  pieces.push(current);
  return pieces;
}

/** `Name <address>`, `"Name" <address>` or `<address>`; null for anything else. */
function parseMailbox(piece: string): ListEntry | null {
  if (!piece.endsWith(">")) return null;
  // The last "<" outside quotes opens the address.
  let open = -1;
  let quoted = false;
  for (let i = 0; i < piece.length; i++) {
    const ch = piece[i];
    if (quoted) {
      if (ch === "\\") i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === "<") open = i;
  }
  if (open < 0 || quoted) return null;
  const address = stripMailto(piece.slice(open + 1, -1).trim());
  if (!address || /[<>]/.test(address)) return null;
  const name = displayName(piece.slice(0, open));
  // Some clients repeat the address as the name: "ada@example.com <ada@example.com>".
  return name && name.toLowerCase() !== address.toLowerCase() ? { input: piece, address, name } : { input: piece, address };
}

/** A display name as people read it: quotes taken off (`\"` kept as `"`), spaces collapsed. */
function displayName(phrase: string): string {
  let name = "";
  let quoted = false;
  for (let i = 0; i < phrase.length; i++) {
    const ch = phrase[i];
    if (quoted && ch === "\\" && i + 1 < phrase.length) name += phrase[++i];
    else if (ch === '"') quoted = !quoted;
    else name += ch;
  }
  name = tidyName(name);
  // 'Ada Lovelace' <ada@example.com>, as some clients write it (in double quotes, they are the name's).
  if (!phrase.includes('"') && /^'.+'$/.test(name)) name = tidyName(name.slice(1, -1));
  return name;
}

function stripMailto(address: string): string {
  return address.replace(/^mailto:/i, "").trim();
}

/** Why a name can't go with an invitation, as the API would refuse it (inviteeNameSchema); null when it can. */
export function nameProblem(name: string): string | null {
  if (inviteeNameSchema.safeParse(name).success) return null;
  if ([...name.trim()].length > NAME_MAX) return `The name is longer than ${NAME_MAX} characters.`;
  return "The name has control or text-direction characters.";
}

/** Spaces as people see them: runs of any whitespace (tabs, line breaks) made one space, ends trimmed. */
export const tidyName = (name: string) => name.replace(/\s+/g, " ").trim();

/**
 * `Ada Lovelace <ada@example.com>`, quoting the name when it holds what would split it or end
 * it early (`"Lovelace, Ada" <ada@example.com>`): what splitEmailList reads back as it was,
 * its spaces tidied.
 */
export function formatAddress(email: string, name?: string): string {
  const tidy = tidyName(name ?? "");
  if (!tidy) return email;
  const plain = /^[^",;<>\\()[\]:@'][^",;<>\\()[\]:@]*$/.test(tidy);
  return `${plain ? tidy : `"${tidy.replace(/["\\]/g, "\\$&")}"`} <${email}>`;
}

/**
 * Whether the list's last entry may still be being typed: a name or <address> not yet closed
 * with ">", or a word with no separator after it.
 */
function lastInProgress(text: string): boolean {
  const last = topLevelPieces(text).at(-1) ?? "";
  if (!last.trim()) return false;
  if (!isBare(last)) return !last.trimEnd().endsWith(">");
  return !last.includes("@") || !/\s$/.test(last);
}

/** The list judged; with `final` false, the entry still being typed is left out. */
export function parseEmailList(text: string, { final = true }: { final?: boolean } = {}): ParsedEmails {
  let list = splitEmailList(text);
  if (!final && lastInProgress(text)) list = list.slice(0, -1);
  const seen = new Set<string>();
  const entries: EmailEntry[] = [];
  let duplicates = 0;
  for (const { input, address, name } of list) {
    const result = emailSchema.safeParse(address);
    if (!result.success) {
      entries.push({ input, valid: false, error: result.error.issues[0]?.message ?? "Not a valid email address.", field: "email" });
      continue;
    }
    const problem = name ? nameProblem(name) : null;
    if (problem) {
      entries.push({ input, valid: false, error: problem, field: "name" });
      continue;
    }
    if (seen.has(result.data)) {
      duplicates++;
      continue;
    }
    seen.add(result.data);
    entries.push(name ? { input, email: result.data, name, valid: true } : { input, email: result.data, valid: true });
  }
  return {
    entries,
    valid: entries.flatMap((entry) => (entry.valid ? [entry.email] : [])),
    invalid: entries.flatMap((entry) => (entry.valid ? [] : [{ input: entry.input, error: entry.error, field: entry.field }])),
    duplicates,
    named: entries.filter((entry) => entry.valid && entry.name).length,
  };
}
