import { accentTheme, contrastRatio, DEFAULT_ACCENT_COLOR, type Branding } from "@invite/schemas";

/** The product's own name: what emails say when no workspace name is set. */
export const PRODUCT_NAME = "Invitations";

/**
 * Whose emails these are, in what email clients can paint: hex colours only (no oklch, no CSS
 * variables) and an absolute logo URL (images load from our origin, never as data: URIs, which
 * Gmail and Outlook drop).
 */
export interface EmailBrand {
  name: string;
  /** Whether `name` is the workspace's own (set in settings), not the product's. */
  named: boolean;
  /** Absolute; null shows the letter mark. */
  logoUrl: string | null;
  /** Buttons and the mark. */
  accent: string;
  /** Text on `accent`: black or white, whichever contrasts more (WCAG AA). */
  onAccent: string;
  /** Links in text on white: the accent, or its darker step when the accent is too light to read. */
  link: string;
  /** The quoted message's background. */
  tint: string;
}

/** Today's look: the product's name and the SPA's blue. */
export const DEFAULT_EMAIL_BRAND: EmailBrand = {
  name: PRODUCT_NAME,
  named: false,
  logoUrl: null,
  accent: DEFAULT_ACCENT_COLOR,
  onAccent: "#ffffff",
  link: DEFAULT_ACCENT_COLOR,
  tint: "#f0f5ff", // accent-50
};

export function emailBrand(branding: Branding, appUrl: string): EmailBrand {
  const brand = { ...DEFAULT_EMAIL_BRAND, name: branding.workspaceName ?? PRODUCT_NAME, named: branding.workspaceName !== null };
  if (branding.logoUrl) brand.logoUrl = new URL(branding.logoUrl, appUrl).href;
  if (branding.accentColor) {
    const theme = accentTheme(branding.accentColor);
    brand.accent = theme.solid;
    brand.onAccent = theme.onSolid;
    brand.link = contrastRatio(theme.solid, "#ffffff") >= 4.5 ? theme.solid : theme.shades[700];
    brand.tint = theme.shades[50];
  }
  return brand;
}
