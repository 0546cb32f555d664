import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// docs/SECURITY.md maps each numbered behaviour to the tests that show it ("Which test shows
// each"). This holds the map to the code: every test it names exists under that name in that
// file, every behaviour has a row, and no row names a behaviour that is not there.

const root = new URL("../../../", import.meta.url);
const security = readFileSync(new URL("docs/SECURITY.md", root), "utf8");
const [requirements = "", map = ""] = security.split(/^## Which test shows each$/m);

const items = [...requirements.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1]));
const rows = [...map.matchAll(/^\| (\d+) \| (.+?) \| (.+) \|$/gm)].map(([, item, file, name]) => ({
  item: Number(item),
  file: file!.match(/^`(.+)`$/)?.[1] ?? null,
  name: name!.replaceAll("\\|", "|"),
}));

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `it("name"`, `test.each(...)("name"`, `describe.skipIf(x)("name"`, in any of the three quotes. */
function namesTest(source: string, name: string): boolean {
  return ['"', "'", "`"].some((quote) => {
    const literal = escapeRegExp(quote + name.replaceAll("\\", "\\\\").replaceAll(quote, `\\${quote}`) + quote);
    return new RegExp(`(?:\\b(?:describe|it|test)(?:\\.\\w+)*(?:\\([^)]*\\))?|\\))\\(\\s*${literal}`).test(source);
  });
}

describe("docs/SECURITY.md's map of tests", () => {
  it("lists the behaviours and a row for each", () => {
    expect(items.length).toBeGreaterThan(40);
    expect(items).toEqual(items.map((_, index) => index + 1));
    const mapped = new Set(rows.map((row) => row.item));
    expect(items.filter((item) => !mapped.has(item)), "behaviours with no row").toEqual([]);
    expect(rows.filter((row) => !items.includes(row.item)), "rows for no behaviour").toEqual([]);
  });

  it("names only tests that exist, under those names, in those files", () => {
    const missing = rows
      .filter((row) => row.file !== null)
      .filter((row) => !existsSync(new URL(row.file!, root)) || !namesTest(readFileSync(new URL(row.file!, root), "utf8"), row.name))
      .map((row) => `SECURITY ${row.item}: ${row.file} › ${row.name}`);
    expect(missing).toEqual([]);
  });

  it("knows a test by its exact name only", () => {
    const source = `it("refuses a write with 403", async () => {});\nit.each([1, 2])("answers %s", () => {});\ndescribe.skipIf(x)("on 'one' DATA_DIR", () => {});`;
    expect(namesTest(source, "refuses a write with 403")).toBe(true);
    expect(namesTest(source, "answers %s")).toBe(true);
    expect(namesTest(source, "on 'one' DATA_DIR")).toBe(true);
    expect(namesTest(source, "refuses a write")).toBe(false);
    expect(namesTest(source, "a write with 403")).toBe(false);
  });
});
