import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/*
 * Accessibility checks for the browser tests (docs/accessibility.md says what they cover and
 * what they can't). `expectAccessible` runs axe-core with the WCAG 2.0–2.2 A and AA rules and
 * fails on any serious or critical violation, listing each with its rule, the elements and
 * Deque's page about it. `expectFieldBordersContrast` checks what axe doesn't: WCAG 1.4.11,
 * a form field's border against what is around it.
 */

/** axe's tags for WCAG 2.0, 2.1 and 2.2, levels A and AA (2.2 added no level-A rule axe runs). */
export const WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const FAILING_IMPACTS = new Set(["serious", "critical"]);

/** Runs axe on the page as it is now; `label` names the screen in the failure. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).analyze();
  const failing = results.violations.filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ""));
  const report = failing.map((violation) =>
    [
      `${violation.id} (${violation.impact}): ${violation.help}`,
      ...violation.nodes.slice(0, 8).map((node) => `    ${node.target.join(" ")}  ${node.html.slice(0, 200)}\n      ${(node.failureSummary ?? "").replace(/\n/g, "\n      ")}`),
      ...(violation.nodes.length > 8 ? [`    … and ${violation.nodes.length - 8} more`] : []),
      `    ${violation.helpUrl}`,
    ].join("\n"),
  );
  expect(failing.length, `serious or critical accessibility violations on ${label}:\n${report.join("\n")}`).toBe(0);
}

/** WCAG 1.4.11 (non-text contrast): a field's edge needs 3:1 against its neighbours. */
export const FIELD_BORDER_MIN_CONTRAST = 3;

export interface FieldBorder {
  field: string;
  border: string;
  /** The lower of the border against the page behind the field and against the field's own fill. */
  contrast: number;
}

/**
 * The border contrast of every visible, enabled text field, select and textarea on the page.
 * Colours are resolved by painting them on a canvas, so oklch(), alpha and named colours all
 * come out as the sRGB the screen shows; a translucent colour is painted over what is behind it.
 * Native checkboxes, radios and colour wells keep the browser's own look and are left out.
 */
export async function fieldBorders(page: Page): Promise<FieldBorder[]> {
  return page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    /** `color` painted over `under` (an "rgb(…)" string), as [r, g, b] 0–255. */
    const paint = (color: string, under = "#ffffff"): [number, number, number] => {
      context.globalCompositeOperation = "copy";
      context.fillStyle = under;
      context.fillRect(0, 0, 1, 1);
      context.globalCompositeOperation = "source-over";
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
      return [r!, g!, b!];
    };
    const css = (rgb: [number, number, number]) => `rgb(${rgb.join(", ")})`;
    /** The opaque colour behind `element`: its own and its ancestors' backgrounds, over white. */
    const backdrop = (element: Element | null): [number, number, number] => {
      const layers: string[] = [];
      for (let node = element; node; node = node.parentElement) layers.unshift(getComputedStyle(node).backgroundColor);
      return layers.reduce<[number, number, number]>((under, layer) => paint(layer, css(under)), [255, 255, 255]);
    };
    const luminance = ([r, g, b]: [number, number, number]) => {
      const linear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const ratio = (a: [number, number, number], b: [number, number, number]) => {
      const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (light + 0.05) / (dark + 0.05);
    };
    const selector = "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=color]):not([type=file]), select, textarea";
    return Array.from(document.querySelectorAll<HTMLElement>(selector))
      // Behind an open modal (aria-hidden, inert) a field is checked on its own page instead.
      .filter((field) => field.checkVisibility() && !field.matches(":disabled") && !field.closest("[inert], [aria-hidden=true]"))
      .filter((field) => Number.parseFloat(getComputedStyle(field).borderTopWidth) > 0)
      .map((field) => {
        const outside = backdrop(field.parentElement);
        const inside = paint(getComputedStyle(field).backgroundColor, css(outside));
        const border = paint(getComputedStyle(field).borderTopColor, css(outside));
        const name = field.getAttribute("name") ?? field.id;
        return {
          field: `${field.tagName.toLowerCase()}${name ? `[${name}]` : ""}`,
          border: css(border),
          contrast: Math.round(Math.min(ratio(border, outside), ratio(border, inside)) * 100) / 100,
        };
      });
  });
}

/** Fails if any field's border is under 3:1 (WCAG 1.4.11); `label` names the screen. */
export async function expectFieldBordersContrast(page: Page, label: string): Promise<void> {
  const borders = await fieldBorders(page);
  const weak = borders.filter((border) => border.contrast < FIELD_BORDER_MIN_CONTRAST);
  expect(weak, `form-field borders under ${FIELD_BORDER_MIN_CONTRAST}:1 on ${label}`).toEqual([]);
}
