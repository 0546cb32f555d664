import { describe, expect, it } from "vitest";
import { accentColorSchema, workspaceNameSchema } from "../src/branding.ts";
import { accentTheme, contrastRatio, DEFAULT_ACCENT_COLOR, textOnColor } from "../src/accent-color.ts";

// Colours admins pick, from pale to dark, plus a spread of random ones (seeded).
const picks = ["#ffffff", "#000000", "#ffd700", "#ff0000", "#00ff00", "#0000ff", "#e11d48", "#777777", "#00b3b3", "#f0f0f0"];
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
for (let i = 0; i < 300; i++) picks.push(`#${Math.floor(random() * 0xffffff).toString(16).padStart(6, "0")}`);

describe("the accent colour", () => {
  it("puts black or white text on any colour, whichever reaches WCAG AA (4.5:1)", () => {
    for (const hex of picks) expect(contrastRatio(hex, textOnColor(hex)), hex).toBeGreaterThanOrEqual(4.5);
    expect(textOnColor(DEFAULT_ACCENT_COLOR)).toBe("#ffffff"); // today's white-on-blue button
    expect(textOnColor("#ffd700")).toBe("#000000");
  });

  it("keeps the ladder readable on white in every hue: text at 700 (4.5:1), borders and rings at 600 (3:1)", () => {
    for (const hex of picks) {
      const { shades } = accentTheme(hex);
      expect(contrastRatio(shades[700], "#ffffff"), hex).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(shades[700], shades[50]), hex).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(shades[600], "#ffffff"), hex).toBeGreaterThanOrEqual(3);
    }
  });

  it("shows the exact colour on buttons, and hover and pressed only raise the text's contrast", () => {
    for (const hex of picks) {
      const theme = accentTheme(hex);
      expect(theme.solid).toBe(hex);
      expect(contrastRatio(theme.solidHover, theme.onSolid), hex).toBeGreaterThanOrEqual(contrastRatio(hex, theme.onSolid) - 0.01);
      expect(contrastRatio(theme.solidActive, theme.onSolid), hex).toBeGreaterThanOrEqual(contrastRatio(hex, theme.onSolid) - 0.01);
    }
  });

  it("the default's ladder is the theme's own blue", () => {
    expect(accentTheme(DEFAULT_ACCENT_COLOR).shades[600]).toBe(DEFAULT_ACCENT_COLOR);
  });

  it("settings take #rrggbb in any case, stored lower-case, and refuse anything else", () => {
    expect(accentColorSchema.parse(" #AA33CC ")).toBe("#aa33cc");
    expect(accentColorSchema.parse(null)).toBeNull();
    for (const bad of ["aa33cc", "#abc", "#aa33cg", "red", "#aa33cc; background:url(x)", "var(--x)"]) {
      expect(accentColorSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("a workspace name is trimmed, \"\" clears it, and control or direction-changing characters are refused", () => {
    expect(workspaceNameSchema.parse("  Acme  ")).toBe("Acme");
    expect(workspaceNameSchema.parse("   ")).toBeNull();
    for (const bad of ["Ac\nme", "Acme\u202e", "x".repeat(61), "\u0000"]) expect(workspaceNameSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
