import { getDomain } from "tldts";

/**
 * TRUSTED_ORIGINS (docs/SECURITY.md, 40): the exact origins, besides APP_URL's, whose pages
 * may call /trpc with the session cookie. Each is compared byte for byte with the browser's
 * `Origin` header, so only the form a browser sends is accepted: scheme, host and a
 * non-default port, lower case, no path, no trailing slash, no wildcard. A value that is
 * almost right is refused with the form to write instead, rather than silently never matching.
 */
export function parseTrustedOrigins(value: string | undefined): string[] {
  if (value === undefined) return [];
  const origins: string[] = [];
  for (const entry of value.split(",").map((part) => part.trim())) {
    if (entry === "") continue;
    if (entry.includes("*")) refuse(`${entry} has a wildcard; list each origin exactly, like https://spa.example.com`);
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      refuse(`${entry} is not an origin; write it like https://spa.example.com`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") refuse(`${entry} must be an http(s) origin`);
    if (url.origin !== entry) refuse(`${entry} is not an exact origin (no path, no trailing slash, no default port); write ${url.origin}`);
    if (!origins.includes(entry)) origins.push(entry);
  }
  return origins;
}

/** A value config.ts turns into its one-line ConfigError. */
export class TrustedOriginsError extends Error {
  override name = "TrustedOriginsError";
}

function refuse(message: string): never {
  throw new TrustedOriginsError(`Invalid TRUSTED_ORIGINS: ${message}.`);
}

/**
 * Whether a page on `origin` is on the same site as `appUrl`, as browsers decide for cookies:
 * the same scheme and the same registrable domain (the Public Suffix List's, private
 * suffixes included, so a.github.io and b.github.io are two sites), or the same host where
 * there is none (an IP address, localhost). Ports do not count.
 */
export function sameSite(origin: string, appUrl: URL): boolean {
  const other = new URL(origin);
  if (other.protocol !== appUrl.protocol) return false;
  if (other.hostname === appUrl.hostname) return true;
  const site = (hostname: string) => getDomain(hostname, { allowPrivateDomains: true });
  const domain = site(appUrl.hostname);
  return domain !== null && domain === site(other.hostname);
}

/**
 * Trusted origins whose pages can never send the session cookie: another site while APP_URL is
 * http, where the cookie stays SameSite=Lax (None needs Secure). Their calls are answered, as
 * signed out; start-up warns about each.
 */
export function originsWithoutCookies(trustedOrigins: readonly string[], appUrl: URL): string[] {
  if (appUrl.protocol === "https:") return [];
  return trustedOrigins.filter((origin) => !sameSite(origin, appUrl));
}
