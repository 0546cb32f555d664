import { readFileSync } from "node:fs";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import { describe, expect, it } from "vitest";
import { KEEP_LENGTH, KEEP_TOP, renderModule } from "../scripts/password-dictionaries.mjs";
import { wordLists } from "../src/password-dictionaries.ts";
import { estimatePasswordStrength, unpackWordList } from "../src/password-strength.ts";

/*
 * The estimator (server verdict and browser meter alike) reads word lists cut from
 * zxcvbn-ts's packs so a browser can download them. These tests hold the cut to its rules:
 * the file is what the script makes, ranks are the packs' own, and on passwords made of
 * kept words the verdict is zxcvbn's with the full packs.
 */

const fullLists: Record<string, string[]> = { ...common.dictionary, ...en.dictionary };
const LARGE = ["passwords-common", "commonWords-en", "lastnames-en", "wikipedia-en"];

describe("the estimator's word lists", () => {
  it("are exactly what scripts/password-dictionaries.mjs makes from the installed packs", () => {
    const committed = readFileSync(new URL("../src/password-dictionaries.ts", import.meta.url), "utf8");
    expect(committed === renderModule(), "run: node packages/schemas/scripts/password-dictionaries.mjs").toBe(true);
  });

  it("keep every word's rank; what is left out is a rare short word of a large list, or one zxcvbn never uses", () => {
    expect(Object.keys(wordLists)).toEqual(Object.keys(fullLists));
    for (const [name, full] of Object.entries(fullLists)) {
      const kept = unpackWordList(wordLists[name]!);
      expect(kept.length, name).toBeLessThanOrEqual(full.length);
      full.forEach((word, index) => {
        const rank = index + 1;
        const keptWord = kept[index] ?? "";
        if (keptWord) return expect(keptWord, `${name} #${rank}`).toBe(word);
        const useless = rank > 10 ** word.length; // blind guessing is cheaper than this word
        const rareAndShort = LARGE.includes(name) && rank > KEEP_TOP && word.length < KEEP_LENGTH;
        expect(useless || rareAndShort, `${name} #${rank} "${word}" left out`).toBe(true);
      });
    }
  });

  it("are much smaller than the packs", () => {
    const words = (lists: Record<string, string[]>) => Object.values(lists).flat().filter(Boolean).length;
    const kept = words(Object.fromEntries(Object.entries(wordLists).map(([name, text]) => [name, unpackWordList(text)])));
    expect(kept).toBeLessThan(words(fullLists) / 2);
  });
});

describe("the verdict with the cut lists", () => {
  const withFullPacks = new ZxcvbnFactory({
    dictionary: fullLists,
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });

  it.each([
    "password1234",
    "qwertyuiopasdf",
    "123456789012",
    "correct horse battery staple",
    "Tr0ub4dor&3xyz",
    "johnsmith1987!",
    "Summer2024Summer",
    "internationalization",
    "counterrevolutionary1",
    "purple otters juggle quietly",
    "violet kettle harbour drumroll 7",
  ])("%j scores as zxcvbn with the full packs does (its words were kept)", (password) => {
    const full = withFullPacks.check(password);
    const ours = estimatePasswordStrength(password);
    expect(ours.score).toBe(full.score);
  });

  it("is never stricter than with the full packs: leaving words out only raises an estimate", () => {
    // Rare words a person might build a password from, each left out of the cut lists.
    const rare = ["geophysics", "meditation", "polynomial", "kochanek", "homeopathy"];
    for (const word of rare) {
      for (const password of [`${word}2024!`, `${word[0]!.toUpperCase()}${word.slice(1)}12`]) {
        expect(estimatePasswordStrength(password).score, password).toBeGreaterThanOrEqual(withFullPacks.check(password).score);
      }
    }
  });
});
