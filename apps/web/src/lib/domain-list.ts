/*
 * A shareable link's allowed email domains, for its page (pages/join.tsx). Only that page may
 * import this module: imported by a second lazily loaded chunk too, it would become a chunk of
 * its own, one more request (~1 kB with its headers) in an invitee's first download.
 */

/** "@example.com", "@example.com or @example.org", "@a.com, @b.com or @c.com": allowed email domains in a sentence. */
export function domainList(domains: readonly string[]): string {
  const at = domains.map((domain) => `@${domain}`);
  return at.length <= 1 ? (at[0] ?? "") : `${at.slice(0, -1).join(", ")} or ${at.at(-1)}`;
}

/**
 * Whether `email` is at one of `domains` (none listed: any), exactly as `isEmailDomainAllowed`
 * in @invite/schemas decides; a copy because that module brings zod, which the join page (an
 * invitee's first download) does without. The server decides again either way.
 */
export function isAtDomain(email: string, domains: readonly string[]): boolean {
  const lower = email.trim().toLowerCase();
  return domains.length === 0 || domains.includes(lower.slice(lower.lastIndexOf("@") + 1));
}
