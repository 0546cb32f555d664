import { ACCENT_STEPS, accentTheme, type Branding } from "@invite/schemas";
import { useEffect, useSyncExternalStore } from "react";
import { queryClient, trpc } from "../trpc.ts";

/*
 * Whose product this is (the workspace's name, logo and accent colour), for the header and
 * every page, signed in or not. In the entry chunk (the accept page's budget): a tiny store,
 * no `useQuery`. The accept and join pages publish what their previews carry; every other page
 * asks `branding.get` (useBrandingFromServer, in the layout). The last branding seen is kept in
 * localStorage, so a returning visitor's first paint is already in it; until a first visitor's
 * arrives, the header shows a placeholder rather than the wrong name.
 */

const STORAGE_KEY = "invite.branding";

const SOLID_NAMES = ["--color-accent-solid", "--color-accent-solid-hover", "--color-accent-solid-active", "--color-on-accent"];

/** null: not known yet (a first visit, before the server answered). */
let current: Branding | null = readStored();
const listeners = new Set<() => void>();

export function useBranding(): Branding | null {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => current,
  );
}

/** The workspace's name where there is one, the product's otherwise. */
export function brandName(branding: Branding | null): string {
  return branding?.workspaceName ?? "Invitations";
}

export function publishBranding(next: Branding): void {
  if (current && sameBranding(current, next)) return;
  current = { workspaceName: next.workspaceName, accentColor: next.accentColor, logoUrl: next.logoUrl };
  applyAccent(current.accentColor);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(current));
  } catch {
    // Storage full or disabled: the next visit asks again.
  }
  for (const listener of listeners) listener();
}

/** Asks the server for the branding (cached a minute) and publishes it; the accept page skips this. */
export function fetchBranding(): void {
  void queryClient
    .fetchQuery({ ...trpc.branding.get.queryOptions(), staleTime: 60_000 })
    .then(publishBranding, () => {
      // Offline or failing: keep what is shown (today's look on a first visit).
      if (!current) publishBranding({ workspaceName: null, accentColor: null, logoUrl: null });
    });
}

/** In the layout: every page but the accept and join pages (their previews carry the branding) asks. */
export function useBrandingFromServer(pathname: string): void {
  const fromPreview = pathname.startsWith("/invite/") || pathname.startsWith("/join/");
  useEffect(() => {
    if (!fromPreview) fetchBranding();
  }, [fromPreview, pathname]);
}

/**
 * The accent as CSS variables on <html>, over the theme's defaults (styles.css): the ladder
 * (accent-50…900) for text, borders and tints, readable on white in any hue, and the exact
 * colour for buttons and the mark with black or white text by contrast. None: the defaults.
 */
function applyAccent(accentColor: string | null): void {
  const style = document.documentElement.style;
  const names = [...ACCENT_STEPS.map((step) => `--color-accent-${step}`), ...SOLID_NAMES];
  if (!accentColor) {
    for (const name of names) style.removeProperty(name);
    return;
  }
  const theme = accentTheme(accentColor);
  for (const step of ACCENT_STEPS) style.setProperty(`--color-accent-${step}`, theme.shades[step]);
  style.setProperty("--color-accent-solid", theme.solid);
  style.setProperty("--color-accent-solid-hover", theme.solidHover);
  style.setProperty("--color-accent-solid-active", theme.solidActive);
  style.setProperty("--color-on-accent", theme.onSolid);
}

function sameBranding(a: Branding, b: Branding): boolean {
  return a.workspaceName === b.workspaceName && a.accentColor === b.accentColor && a.logoUrl === b.logoUrl;
}

function readStored(): Branding | null {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
    if (typeof stored !== "object" || stored === null) return null;
    const { workspaceName, accentColor, logoUrl } = stored as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === "string" ? value : null);
    return {
      workspaceName: text(workspaceName),
      // Only what settings could hold: a stored value is never trusted to be CSS.
      accentColor: typeof accentColor === "string" && /^#[0-9a-f]{6}$/.test(accentColor) ? accentColor : null,
      logoUrl: typeof logoUrl === "string" && logoUrl.startsWith("/branding/logo?") ? logoUrl : null,
    };
  } catch {
    return null;
  }
}

// Last, once everything above is defined: a returning visitor's first paint is in their colour.
if (current) applyAccent(current.accentColor);
