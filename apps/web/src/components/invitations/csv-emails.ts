import { emailSchema } from "@invite/schemas";
import Papa from "papaparse";

/*
 * "Import CSV" in the invite dialog: a spreadsheet or directory export, in whatever dialect
 * it came (commas, semicolons or tabs, quotes, a byte-order mark), read with papaparse. Only
 * the email column is taken; the list parser then judges each address as if it were pasted.
 */

export interface CsvEmails {
  /** The column's cells, as written; empty cells left out. */
  emails: string[];
  /** The column's header ("Email"), or "column 2" when the file has none. */
  column: string;
}

const EMAIL_HEADER = /^e-?mail(\s*address)?$/i;
const isEmail = (cell: string | undefined) => emailSchema.safeParse(cell ?? "").success;

/**
 * The addresses of the file's email column: the one whose header reads "Email" (or
 * "E-mail", "Email address"), else the one where most cells are addresses. Null when no
 * column holds any.
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
  const emails = rows
    .slice(header === null ? 0 : 1)
    .map((row) => row[index]?.trim() ?? "")
    .filter(Boolean);
  if (emails.length === 0) return null;
  return { emails, column: header || `column ${index + 1}` };
}
