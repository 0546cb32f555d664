import { z } from "zod";
import { ACCENT_COLOR_PATTERN } from "./accent-color.ts";
import { UNSHOWABLE_CHARACTERS } from "./fields.ts";

/** Long enough for "Example Corporation Engineering", short enough for a header and a subject. */
export const WORKSPACE_NAME_MAX = 60;

/** The workspace's name; "" or null clears it (the product's own name shows instead). */
export const workspaceNameSchema = z
  .string()
  .trim()
  .max(WORKSPACE_NAME_MAX, `Use at most ${WORKSPACE_NAME_MAX} characters.`)
  // Shown in sentences ("Ada invited you to join <name> as Admin") and subjects.
  .refine((name) => !UNSHOWABLE_CHARACTERS.test(name), "Use letters, digits, spaces and punctuation only.")
  .transform((name) => name || null)
  .nullable();

/** "#rrggbb" (any case in, lower-case stored); null clears it (the default blue). */
export const accentColorSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(ACCENT_COLOR_PATTERN, "Use a colour in the form #rrggbb, such as #2759d6.")
  .nullable();

/** The logo upload's limits (SECURITY 37): the raw body, at most this many bytes. */
export const LOGO_MAX_BYTES = 256 * 1024;
/** Image types the logo may be, told by its bytes; never SVG (it can carry script) or HTML. */
export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];
/** A logo's sides, in pixels, as its header says: at most this on either side. */
export const LOGO_MAX_SIDE = 4096;

/**
 * What any page may know about whose product this is, before anyone signs in (`branding.get`,
 * and `invitation.preview` carries it). `logoUrl` is a versioned path on this origin.
 */
export interface Branding {
  workspaceName: string | null;
  accentColor: string | null;
  logoUrl: string | null;
}

/** Where anyone fetches the logo; `?v=` names its version, so the URL changes with the logo. */
export const LOGO_PATH = "/branding/logo";
/** Where an admin uploads it (PUT, the raw image as the body) or removes it (DELETE). */
export const LOGO_UPLOAD_PATH = "/api/branding/logo";
