import { emailSchema, inviteeNameSchema } from "@invite/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAddress, parseEmailList, splitEmailList, tidyName } from "./email-list.ts";

/** What the list's valid entries came to: address and name. */
const people = (text: string) => parseEmailList(text).entries.flatMap((entry) => (entry.valid ? [{ email: entry.email, name: entry.name }] : []));

describe("parseEmailList: addresses and the names that come with them", () => {
  it("reads what mail clients copy: names with <address>, quoted names with commas, plain addresses", () => {
    const text = [
      "Ada Lovelace <ada@example.com>",
      '"Lovelace, Ada" <ada.l@example.com>; grace@example.com',
      "  <linus@example.com>, 'Alan Turing' <alan@example.com>",
      '"Hopper, Grace \\"Amazing\\"" <Grace.H@Example.com>',
      "mailto:ken@example.com barbara@example.com",
    ].join("\n");
    expect(people(text)).toEqual([
      { email: "ada@example.com", name: "Ada Lovelace" },
      { email: "ada.l@example.com", name: "Lovelace, Ada" },
      { email: "grace@example.com", name: undefined },
      { email: "linus@example.com", name: undefined },
      { email: "alan@example.com", name: "Alan Turing" },
      { email: "grace.h@example.com", name: 'Hopper, Grace "Amazing"' },
      { email: "ken@example.com", name: undefined },
      { email: "barbara@example.com", name: undefined },
    ]);
    expect(parseEmailList(text)).toMatchObject({ invalid: [], duplicates: 0, named: 4 });
  });

  it("keeps the first of a repeated address, tidies a name's spaces, and drops a name that only repeats the address", () => {
    expect(people("Ada  \t Lovelace <ada@example.com>, ADA@example.com, Other <Ada@Example.com>")).toEqual([
      { email: "ada@example.com", name: "Ada Lovelace" },
    ]);
    expect(parseEmailList("a@example.com, A@example.com").duplicates).toBe(1);
    expect(people("ada@example.com <ada@example.com>")).toEqual([{ email: "ada@example.com", name: undefined }]);
  });

  it("judges names by the API's rules: too long or unshowable is an invalid entry, said as such", () => {
    const long = `${"x".repeat(101)} <long@example.com>`;
    const hostile = "Ada\u0007 <bell@example.com>, \u202eAda <rtl@example.com>";
    const parsed = parseEmailList(`${long}\n${hostile}\nok@example.com`);
    expect(parsed.valid).toEqual(["ok@example.com"]);
    expect(parsed.invalid).toEqual([
      { input: long, field: "name", error: "The name is longer than 100 characters." },
      { input: "Ada\u0007 <bell@example.com>", field: "name", error: "The name has control or text-direction characters." },
      { input: "\u202eAda <rtl@example.com>", field: "name", error: "The name has control or text-direction characters." },
    ]);
    // 100 emoji are 100 characters, as the API counts them.
    expect(people(`${"👩".repeat(100)} <emoji@example.com>`)[0]?.name).toBe("👩".repeat(100));
  });

  it("an unclosed quote or bracket spoils only its own line", () => {
    const parsed = parseEmailList('"Ada, <ada@example.com>, grace@example.com\nlinus@example.com\nBob <bob@example.com');
    expect(parsed.valid).toEqual(["linus@example.com"]);
    expect(parsed.invalid.map((entry) => entry.input)).toEqual(['"Ada, <ada@example.com>, grace@example.com', "Bob <bob@example.com"]);
  });

  it("while typing, leaves the entry being typed out: a name before its <address>, an address not yet ended", () => {
    const typing = (text: string) => parseEmailList(text, { final: false });
    expect(typing("Ada Lovel").entries).toEqual([]);
    expect(typing("Ada Lovelace <ada@exa").entries).toEqual([]);
    expect(typing("grace@example.com, Ada Lovelace <ada@exa")).toMatchObject({ valid: ["grace@example.com"], invalid: [] });
    expect(typing("grace@example.com lin")).toMatchObject({ valid: ["grace@example.com"], invalid: [] });
    expect(typing("Ada Lovelace <ada@example.com>")).toMatchObject({ valid: ["ada@example.com"], named: 1 });
    expect(typing("grace@example.com lin ")).toMatchObject({ valid: ["grace@example.com"], invalid: [{ input: "lin" }] });
    // A name being typed is one entry, not a list of words.
    expect(splitEmailList("Ada Lovelace")).toHaveLength(1);
  });
});

/** Addresses the API takes, as it stores them (lower-cased). */
const address = fc
  .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,15}$/), fc.stringMatching(/^[a-z0-9]{1,10}\.[a-z]{2,6}$/))
  .map(([local, domain]) => `${local}@${domain}`)
  .filter((email) => emailSchema.safeParse(email).success);

/** Names from anywhere in Unicode, and ones made of what a parser trips on: quotes, separators, brackets, backslashes. */
const awkward = fc
  .array(fc.constantFrom('"', "\\", ",", ";", "<", ">", "@", "'", "(", ")", ":", " ", "\t", "Ada", "Lovelace", "Ö", "李", "👩🏽‍💻", "mailto:"), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => parts.join(""));
const anyName = fc.oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }), awkward);
const separator = fc.constantFrom(",", ";", "\n", "\r\n", ", ", " ; ", ",\n", "\n\n");

describe("parseEmailList, for any names and addresses (fast-check)", () => {
  it("reads back every formatted `Name <address>` as it was written, its spaces tidied, whatever separates them", () => {
    const entry = fc.record({ email: address, name: fc.option(anyName, { nil: undefined }) });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.email, minLength: 1, maxLength: 8 }), fc.array(separator, { minLength: 8, maxLength: 8 }), (list, seps) => {
        // Only names the API takes: the rest are invalid entries, as the next property shows.
        const valid = list.filter((e) => !e.name || !tidyName(e.name) || inviteeNameSchema.safeParse(tidyName(e.name)).success);
        const text = valid.map((e, i) => formatAddress(e.email, e.name) + seps[i]).join("");
        const expected = valid.map(({ email, name }) => {
          const tidy = tidyName(name ?? "");
          return { email, name: tidy && tidy.toLowerCase() !== email ? tidy : undefined };
        });
        expect(people(text)).toEqual(expected);
        expect(parseEmailList(text).invalid).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws, and every entry it accepts is one the API accepts: its address and its name", () => {
    const noise = fc.oneof(fc.string({ unit: "grapheme", maxLength: 200 }), fc.array(fc.oneof(awkward, address, separator)).map((parts) => parts.join("")));
    fc.assert(
      fc.property(noise, (text) => {
        for (const final of [true, false]) {
          const parsed = parseEmailList(text, { final });
          for (const entry of parsed.entries) {
            if (!entry.valid) continue;
            expect(emailSchema.parse(entry.email)).toBe(entry.email);
            if (entry.name !== undefined) expect(inviteeNameSchema.parse(entry.name)).toBe(entry.name);
          }
          expect(new Set(parsed.valid).size).toBe(parsed.valid.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a name the API refuses makes its entry invalid, never a silently different name", () => {
    const refused = fc.oneof(
      fc.string({ unit: "grapheme", minLength: 101, maxLength: 130 }).map((s) => `x${s.replace(/\s/g, "x")}`),
      fc.tuple(fc.string({ maxLength: 5 }), fc.constantFrom("\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u202e", "\u2067"), fc.string({ maxLength: 5 })).map(
        ([a, bad, b]) => `A${a}${bad}${b}`,
      ),
    );
    fc.assert(
      fc.property(address, refused, (email, name) => {
        fc.pre(!inviteeNameSchema.safeParse(tidyName(name)).success);
        const parsed = parseEmailList(formatAddress(email, name));
        expect(parsed.valid).toEqual([]);
        expect(parsed.invalid).toMatchObject([{ field: "name" }]);
      }),
      { numRuns: 200 },
    );
  });

  it("plain addresses separated by commas, semicolons, new lines or spaces come out in order, lower-cased, once each", () => {
    const spaced = fc.oneof(separator, fc.constantFrom(" ", "\t", "  "));
    fc.assert(
      fc.property(fc.array(fc.tuple(address, fc.boolean(), spaced), { minLength: 1, maxLength: 20 }), (list) => {
        const text = list.map(([email, upper, sep]) => (upper ? email.toUpperCase() : email) + sep).join("");
        expect(parseEmailList(text).valid).toEqual([...new Set(list.map(([email]) => email))]);
      }),
    );
  });
});
