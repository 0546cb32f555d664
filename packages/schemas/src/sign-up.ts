import { z } from "zod";
import { emailSchema, nameSchema } from "./fields.ts";

/** How long an emailed proof link (sign-up) works: an hour, once (SECURITY 34). */
export const SIGN_UP_LINK_TTL_HOURS = 1;

/** Most domains the sign-up list may hold: a company's few, never a list of the internet. */
export const SIGN_UP_DOMAINS_MAX = 50;

/**
 * One allowed email domain, as an admin types it: trimmed, lower-cased, a leading "@" dropped.
 * Exact match only ("example.com" does not admit "eng.example.com"): a subdomain is listed on
 * its own, so nobody is admitted by a domain no one meant to list.
 */
export const signUpDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((domain) => domain.replace(/^@/, ""))
  .pipe(
    z
      .string()
      .max(253, "A domain has at most 253 characters.")
      .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/, "Enter a domain such as example.com."),
  );

/** The list in settings; repeats count once, the order kept. */
export const signUpDomainsSchema = z
  .array(signUpDomainSchema)
  .max(SIGN_UP_DOMAINS_MAX, `List at most ${SIGN_UP_DOMAINS_MAX} domains.`)
  .transform((domains) => [...new Set(domains)]);

/** The part after the last "@", as stored emails have it (lower-case). */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

/** Whether `email` may sign up under `domains` (empty: any domain). */
export function isEmailDomainAllowed(email: string, domains: readonly string[]): boolean {
  return domains.length === 0 || domains.includes(emailDomain(email));
}

export const signUpInput = z.object({ email: emailSchema });

/** A proof link's token; a malformed one becomes "", which reads as unknown (never a 5xx, SECURITY 6). */
export const signUpTokenSchema = z.string().max(128).catch("");

export const signUpPreviewInput = z.object({ token: signUpTokenSchema });

export const completeSignUpInput = z.object({
  token: signUpTokenSchema,
  name: nameSchema,
  // Strength is judged by the API, which answers WEAK_PASSWORD with the reason.
  password: z.string().max(2048, "Password is too long."),
});

/**
 * What opening a proof link shows, consuming nothing: `PENDING` (choose a name and password),
 * `USED`, `EXPIRED`, `ACCOUNT_EXISTS` (the email got an account another way meanwhile) or
 * `INVITED` (an invitation waits for this email: only its own link grants its role).
 */
export const signUpLinkStatusSchema = z.enum(["PENDING", "USED", "EXPIRED", "ACCOUNT_EXISTS", "INVITED"]);
export type SignUpLinkStatus = z.infer<typeof signUpLinkStatusSchema>;

/** A reset or setup link as opening it finds it, consuming nothing. */
export const oneTimeLinkStatusSchema = z.enum(["PENDING", "USED", "EXPIRED"]);
export type OneTimeLinkStatus = z.infer<typeof oneTimeLinkStatusSchema>;
