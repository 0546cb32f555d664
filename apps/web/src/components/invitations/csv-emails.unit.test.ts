import { inviteeNameSchema } from "@invite/schemas";
import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { emailsFromCsv } from "./csv-emails.ts";
import { formatAddress, parseEmailList, tidyName } from "./email-list.ts";

describe("emailsFromCsv", () => {
  it("takes the column headed Email from a spreadsheet export, quotes and all, with the Name column beside it", () => {
    const csv = 'Name,Email,Team\r\n"Lovelace, Ada",ada@example.com,Analytics\r\nGrace Hopper,grace@example.com,"Compilers"\r\n';
    expect(emailsFromCsv(csv)).toEqual({
      people: [
        { email: "ada@example.com", name: "Lovelace, Ada" },
        { email: "grace@example.com", name: "Grace Hopper" },
      ],
      column: "Email",
      nameColumns: "Name",
    });
  });

  it("reads semicolons and a byte-order mark (Excel in many locales), and E-mail address headers", () => {
    const csv = "\uFEFFNom;E-mail address\nAda;ada@example.com\n;\nLinus;linus@example.com\n";
    expect(emailsFromCsv(csv)).toEqual({
      people: [{ email: "ada@example.com" }, { email: "linus@example.com" }],
      column: "E-mail address",
      nameColumns: null,
    });
  });

  it("finds names under Full name, Display Name, full_name, or First name and Last name put together", () => {
    const full = emailsFromCsv("E-mail,Full Name\nada@example.com,  Ada   Lovelace \ngrace@example.com,\n");
    expect(full).toMatchObject({ people: [{ email: "ada@example.com", name: "Ada Lovelace" }, { email: "grace@example.com" }], nameColumns: "Full Name" });
    expect(emailsFromCsv("display_name\temail\nAda\tada@example.com\n")?.people).toEqual([{ email: "ada@example.com", name: "Ada" }]);
    const split = emailsFromCsv("First name,Last name,Email,Username\nAda,Lovelace,ada@example.com,ada\n,Hopper,grace@example.com,gh\nLinus,,linus@example.com,lt\n");
    expect(split).toMatchObject({
      people: [
        { email: "ada@example.com", name: "Ada Lovelace" },
        { email: "grace@example.com", name: "Hopper" },
        { email: "linus@example.com", name: "Linus" },
      ],
      nameColumns: "First name + Last name",
    });
    // A username or a company name is no one's name.
    expect(emailsFromCsv("Username,Company name,Email\nada,Analytical,ada@example.com\n")?.nameColumns).toBeNull();
  });

  it("without a header naming it, picks the column where most cells are addresses (and takes no names)", () => {
    const csv = "ada,ada@example.com\ngrace,grace@example.com\nlinus,not an address\n";
    expect(emailsFromCsv(csv)).toEqual({
      people: [{ email: "ada@example.com" }, { email: "grace@example.com" }, { email: "not an address" }],
      column: "column 2",
      nameColumns: null,
    });
  });

  it("treats a first row that isn't an address as that column's header", () => {
    expect(emailsFromCsv("who,contact\nAda,ada@example.com\n")).toMatchObject({ people: [{ email: "ada@example.com" }], column: "contact" });
  });

  it("reads a 100,000-row export without a header naming the column", () => {
    const csv = Array.from({ length: 100_000 }, (_, i) => `person ${i},p${i}@example.com`).join("\n");
    const found = emailsFromCsv(csv);
    expect(found?.people).toHaveLength(100_000);
    expect(found?.column).toBe("column 2");
  });

  it("finds nothing in a file without addresses, or an empty one", () => {
    expect(emailsFromCsv("Name,Team\nAda,Analytics\n")).toBeNull();
    expect(emailsFromCsv("")).toBeNull();
    expect(emailsFromCsv("Email\n")).toBeNull();
  });

  it("for any names a spreadsheet writes, they reach the invite list as they were (fast-check)", () => {
    const name = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.array(fc.constantFrom('"', ",", ";", "\t", "\n", " ", "<", ">", "\\", "'", "Ada", "Ö", "李")).map((parts) => parts.join("")),
    );
    const rows = fc.uniqueArray(fc.record({ n: fc.nat(), name, first: name }), { selector: (row) => row.n, minLength: 1, maxLength: 15 });
    fc.assert(
      fc.property(rows, fc.constantFrom(",", ";", "\t"), fc.boolean(), (people, delimiter, split) => {
        const data = people.map(({ n, name, first }) => (split ? [first, name, `p${n}@example.com`] : [name, `p${n}@example.com`]));
        const fields = split ? ["First name", "Last name", "Email"] : ["Name", "Email"];
        const csv = Papa.unparse({ fields, data }, { delimiter });
        const found = emailsFromCsv(csv);
        const expected = people.map(({ n, name, first }) => {
          const tidy = tidyName(split ? `${first} ${name}` : name);
          return tidy ? { email: `p${n}@example.com`, name: tidy } : { email: `p${n}@example.com` };
        });
        expect(found?.people).toEqual(expected);
        // And through the text box: the names the API takes come back, the others are flagged.
        const parsed = parseEmailList(found!.people.map((person) => formatAddress(person.email, person.name)).join("\n"));
        for (const [i, person] of expected.entries()) {
          const entry = parsed.entries[i]!;
          if (!person.name || inviteeNameSchema.safeParse(person.name).success) expect(entry).toEqual({ input: entry.input, valid: true, ...person });
          else expect(entry).toMatchObject({ valid: false, field: "name" });
        }
      }),
      { numRuns: 200 },
    );
  });
});
