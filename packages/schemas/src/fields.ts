import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN, passwordLength } from "./password.ts";
import { isSafeRedirect, REDIRECT_URL_MAX } from "./redirect.ts";
import { Role } from "./enums.ts";

/** Emails are trimmed and lower-cased before every comparison and lookup. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email is too long.")
  .pipe(z.email("Enter a valid email address."));


/** 12 to 256 code points, any characters, no composition rules, never truncated. */
export const passwordSchema = z
  .string()
  .refine((p) => passwordLength(p) >= PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .refine((p) => passwordLength(p) <= PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

/** A person's name: trimmed, 1 to 100 code points (an emoji counts once, as people count it). */
export const NAME_MAX = 100;

/**
 * Control characters and the bidirectional overrides and isolates: names shown inside sentences
 * and subjects ("Hi Ada,", "invited Ada (ada@example.com)") could reorder the words around them
 * or break an email's header with these.
 */
// eslint-disable-next-line no-control-regex
export const UNSHOWABLE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * Every name a person types or is given (sign-up, accept, setup, rename, the invite form): shown
 * to others in lists, the activity page and emails, so nothing unshowable.
 */
export const nameSchema = z
  .string()
  .trim()
  .min(1, "Enter your name.")
  .refine((name) => [...name].length <= NAME_MAX, "Name is too long.")
  .refine((name) => !UNSHOWABLE_CHARACTERS.test(name), "Use letters, digits, spaces and punctuation only.");

/** The name an admin gives the person they invite: it becomes the account's name, by the same rules. */
export const inviteeNameSchema = nameSchema;

export const redirectSchema = z.string().refine(isSafeRedirect, "Redirect must be a path on this site.");

/**
 * Where to send someone after they join (an invitation's, a link's, the settings' default): a path
 * on this site or an absolute URL, trimmed, "" for none. Whether its origin is allowed is the
 * API's to say (REDIRECT_NOT_ALLOWED), since only it knows TRUSTED_ORIGINS.
 */
export const redirectUrlSchema = z
  .string()
  .trim()
  .max(REDIRECT_URL_MAX, `Keep the address under ${REDIRECT_URL_MAX.toLocaleString("en")} characters.`);

export const roleSchema = z.enum(Role);
