import { emailSchema } from "@invite/schemas";
import Papa from "papaparse";
import { tidyName } from "./email-list.ts";

/*
 * "Import CSV" in the invite dialog: a spreadsheet or directory export, in whatever dialect
 * it came (commas, semicolons or tabs, quotes, a byte-order mark), read with papaparse. The
 * email column is taken, and the names beside it when a header says where they are ("Name",
 * "Full name", or "First name" and "Last name"); the list parser then judges each entry as if
 * it were pasted.
 */

export interface CsvPerson {
  /** The email cell, as written. */
  email: string;
  /** From the name column(s), spaces tidied; absent when empty or when the file has none. */
  name?: string;
}

export interface CsvEmails {
  /** The rows with an email cell, in order; empty cells left out. */
  people: CsvPerson[];
  /** The column's header ("Email"), or "column 2" when the file has none. */
  column: string;
  /** The headers the names came from ("Name", "First name + Last name"); null when none. */
  nameColumns: string | null;
}

const EMAIL_HEADER = /^e-?mail(\s*address)?$/i;
const isEmail = (cell: string | undefined) => emailSchema.safeParse(cell ?? "").success;

/** A header reduced to its letters, lower-case: "Full Name", "full_name" and "FULLNAME" read alike. */
const letters = (header: string) => header.toLowerCase().replace(/[^\p{L}]/gu, "");
const FULL_NAME = new Set(["name", "fullname", "displayname", "contactname", "personname", "yourname"]);
const FIRST_NAME = new Set(["firstname", "givenname", "forename", "first"]);
const LAST_NAME = new Set(["lastname", "surname", "familyname", "last"]);

/** Which columns hold names, by their headers: one full name, or first and/or last. */
function nameColumns(header: string[], emailIndex: number): { indexes: number[]; label: string } | null {
  const find = (names: Set<string>) => header.findIndex((cell, i) => i !== emailIndex && names.has(letters(cell)));
  const full = find(FULL_NAME);
  if (full >= 0) return { indexes: [full], label: header[full]!.trim() };
  const parts = [find(FIRST_NAME), find(LAST_NAME)].filter((i) => i >= 0);
  if (parts.length === 0) return null;
  return { indexes: parts, label: parts.map((i) => header[i]!.trim()).join(" + ") };
}

/**
 * The people of the file's email column: the one whose header reads "Email" (or "E-mail",
 * "Email address"), else the one where most cells are addresses, with their names when a
 * header names a name column. Null when no column holds any address.
 */
export function emailsFromCsv(text: string): CsvEmails | null {
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: "greedy" }).data;
  const [first] = rows;
  if (!first) return null;

  let index = first.findIndex((cell) => EMAIL_HEADER.test(cell.trim()));
  if (index < 0) {
    // Counted in loops: spreading 100,000 rows into Math.max would overflow the stack.
    const counts: number[] = [];
    for (const row of rows) row.forEach((cell, i) => (counts[i] = (counts[i] ?? 0) + (isEmail(cell) ? 1 : 0)));
    let best = 0;
    counts.forEach((count, i) => {
      if (count > best) [best, index] = [count, i];
    });
    if (best === 0) return null;
  }
  // A first row that is not an address is the header, whatever it says.
  const header = isEmail(first[index]) ? null : (first[index]?.trim() ?? null);
  const names = header === null ? null : nameColumns(first, index);
  const people: CsvPerson[] = [];
  for (const row of rows.slice(header === null ? 0 : 1)) {
    const email = row[index]?.trim() ?? "";
    if (!email) continue;
    const name = names ? tidyName(names.indexes.map((i) => row[i] ?? "").join(" ")) : "";
    people.push(name ? { email, name } : { email });
  }
  if (people.length === 0) return null;
  return { people, column: header || `column ${index + 1}`, nameColumns: names?.label ?? null };
}
