import { describe, expect, it } from "vitest";
import { emailsFromCsv } from "./csv-emails.ts";

describe("emailsFromCsv", () => {
  it("takes the column headed Email from a spreadsheet export, quotes and all", () => {
    const csv = 'Name,Email,Team\r\n"Lovelace, Ada",ada@example.com,Analytics\r\nGrace Hopper,grace@example.com,"Compilers"\r\n';
    expect(emailsFromCsv(csv)).toEqual({ emails: ["ada@example.com", "grace@example.com"], column: "Email" });
  });

  it("reads semicolons and a byte-order mark (Excel in many locales), and E-mail address headers", () => {
    const csv = "\uFEFFNom;E-mail address\nAda;ada@example.com\n;\nLinus;linus@example.com\n";
    expect(emailsFromCsv(csv)).toEqual({ emails: ["ada@example.com", "linus@example.com"], column: "E-mail address" });
  });

  it("without a header naming it, picks the column where most cells are addresses", () => {
    const csv = "ada,ada@example.com\ngrace,grace@example.com\nlinus,not an address\n";
    expect(emailsFromCsv(csv)).toEqual({ emails: ["ada@example.com", "grace@example.com", "not an address"], column: "column 2" });
  });

  it("treats a first row that isn't an address as that column's header", () => {
    expect(emailsFromCsv("who,contact\nAda,ada@example.com\n")).toEqual({ emails: ["ada@example.com"], column: "contact" });
  });

  it("reads a 100,000-row export without a header naming the column", () => {
    const csv = Array.from({ length: 100_000 }, (_, i) => `person ${i},p${i}@example.com`).join("\n");
    const found = emailsFromCsv(csv);
    expect(found?.emails).toHaveLength(100_000);
    expect(found?.column).toBe("column 2");
  });

  it("finds nothing in a file without addresses, or an empty one", () => {
    expect(emailsFromCsv("Name,Team\nAda,Analytics\n")).toBeNull();
    expect(emailsFromCsv("")).toBeNull();
    expect(emailsFromCsv("Email\n")).toBeNull();
  });
});
