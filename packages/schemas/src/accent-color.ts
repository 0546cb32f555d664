/*
 * The workspace's accent colour, turned into what the SPA and the emails paint with. One
 * colour in, a whole ladder out: text and borders in the accent must stay readable on white
 * whatever colour an admin picks (a yellow brand still gets a dark-enough "accent-700" for
 * links), while buttons show the exact colour with black or white text, whichever contrasts
 * more (WCAG 2 AA: one of the two always reaches 4.5:1). No zod here: the accept page's
 * bundle imports this.
 */

/** "#rrggbb", lower-case: what settings store. */
export const ACCENT_COLOR_PATTERN = /^#[0-9a-f]{6}$/;

/** The SPA's default accent-600 (oklch(0.51 0.2 264)) as sRGB; emails used it before branding. */
export const DEFAULT_ACCENT_COLOR = "#2759d6";

export const ACCENT_STEPS = [50, 100, 200, 300, 400, 500, 600, 700, 800, 900] as const;
export type AccentStep = (typeof ACCENT_STEPS)[number];

/** The default theme's ladder (apps/web/src/styles.css): lightness and chroma per step, hue 264. */
const LADDER_LIGHTNESS = [0.97, 0.93, 0.87, 0.78, 0.68, 0.58, 0.51, 0.45, 0.38, 0.32];
const LADDER_CHROMA = [0.014, 0.032, 0.06, 0.1, 0.15, 0.19, 0.2, 0.19, 0.15, 0.11];

export interface AccentTheme {
  /** The picked colour itself: button and mark backgrounds. */
  solid: string;
  /** The solid a step away from its text (hover), and two steps (pressed). */
  solidHover: string;
  solidActive: string;
  /** Text on `solid`: black or white, whichever contrasts more. */
  onSolid: "#000000" | "#ffffff";
  /** The ladder in the picked hue, at the default theme's lightness: text, borders, tints. */
  shades: Record<AccentStep, string>;
}

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((c) => c / 255) as Rgb;
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(Math.min(1, Math.max(0, c)) * 255).toString(16).padStart(2, "0")).join("")}`;
}

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const fromLinear = (c: number) => (c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055);

/** WCAG 2's relative luminance of an sRGB colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map(toLinear) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2's contrast ratio, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Black or white text on `hex`, whichever contrasts more (at least 4.58:1 for any colour). */
export function textOnColor(hex: string): "#000000" | "#ffffff" {
  return contrastRatio(hex, "#ffffff") >= contrastRatio(hex, "#000000") ? "#ffffff" : "#000000";
}

// OKLab (Björn Ottosson's matrices), through linear sRGB.
function toOklch(hex: string): { l: number; c: number; h: number } {
  const [r, g, b] = parseHex(hex).map(toLinear) as Rgb;
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  const L = 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s;
  const A = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
  const B = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
  return { l: L, c: Math.hypot(A, B), h: Math.atan2(B, A) };
}

function oklchToRgb(L: number, C: number, h: number): Rgb {
  const A = C * Math.cos(h);
  const B = C * Math.sin(h);
  const l = (L + 0.3963377774 * A + 0.2158037573 * B) ** 3;
  const m = (L - 0.1055613458 * A - 0.0638541728 * B) ** 3;
  const s = (L - 0.0894841775 * A - 1.291485548 * B) ** 3;
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
}

/** The colour at lightness L and hue h, with as much of chroma C as sRGB can show. */
function oklchToHex(L: number, C: number, h: number): string {
  const inGamut = (rgb: Rgb) => rgb.every((c) => c >= -1e-4 && c <= 1 + 1e-4);
  let chroma = C;
  if (!inGamut(oklchToRgb(L, chroma, h))) {
    let [low, high] = [0, C];
    for (let i = 0; i < 20; i++) {
      const mid = (low + high) / 2;
      if (inGamut(oklchToRgb(L, mid, h))) low = mid;
      else high = mid;
    }
    chroma = low;
  }
  return toHex(oklchToRgb(L, chroma, h).map(fromLinear) as Rgb);
}

/** Everything the SPA and emails paint in the accent, from one "#rrggbb". */
export function accentTheme(hex: string): AccentTheme {
  const { l, c, h } = toOklch(hex);
  // A grey pick gives a grey ladder; a vivid one no more than 1.2 times the default's vividness.
  const vividness = Math.min(c / 0.2, 1.2);
  const shades = Object.fromEntries(
    ACCENT_STEPS.map((step, i) => [step, oklchToHex(LADDER_LIGHTNESS[i]!, LADDER_CHROMA[i]! * vividness, h)]),
  ) as Record<AccentStep, string>;
  const onSolid = textOnColor(hex);
  // Hover and pressed move away from the text colour, so the contrast only grows.
  const away = onSolid === "#ffffff" ? -1 : 1;
  const shifted = (by: number) => oklchToHex(Math.min(1, Math.max(0, l + away * by)), c, h);
  return { solid: hex, solidHover: shifted(0.06), solidActive: shifted(0.12), onSolid, shades };
}
