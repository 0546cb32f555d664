import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN, passwordLength } from "./password.ts";
import { isSafeRedirect } from "./redirect.ts";

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

export const nameSchema = z.string().trim().min(1, "Enter your name.").max(100, "Name is too long.");

export const redirectSchema = z.string().refine(isSafeRedirect, "Redirect must be a path on this site.");

export const roleSchema = z.enum(["ADMIN", "MEMBER"]);
export type Role = z.infer<typeof roleSchema>;
