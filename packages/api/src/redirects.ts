import { isSafeRedirect, REDIRECT_URL_MAX } from "@invite/schemas";
import type { PrismaClient } from "@invite/db";
import type { ApiConfig } from "./context.ts";
import { AppError } from "./errors.ts";
import type { Tx } from "./invitations/shared.ts";
import { getSettings } from "./settings.ts";

// Where people land after joining (issue 17; SECURITY 23, 40): an invitation's or a link's own
// `redirectUrl`, else the settings' `defaultRedirectUrl`, else the home page. Checked when written
// (a refused one is REDIRECT_NOT_ALLOWED) and again when used, since TRUSTED_ORIGINS may have
// changed in between: one no longer allowed is passed over, never followed.

/**
 * Where someone may be sent after joining (SECURITY 23, 40): a path on this site, or an absolute
 * http(s) URL whose origin is `appOrigin` or exactly one of `trustedOrigins`. Answers the target
 * as it will be used (a URL on this site becomes its path, so the app's router takes it), or
 * null when it may not be used: another origin, another scheme, credentials in the URL, control
 * characters, backslashes or spaces, or more than REDIRECT_URL_MAX characters.
 */
export function allowedRedirect(value: string, appOrigin: string, trustedOrigins: readonly string[]): string | null {
  if (value.length > REDIRECT_URL_MAX) return null;
  if (value.startsWith("/")) return isSafeRedirect(value) ? value : null;
  // URL parsing would quietly drop tabs and newlines, and read "\" as "/": refuse them instead.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f\\]/.test(value) || !/^https?:\/\//i.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.origin === appOrigin) return `${url.pathname}${url.search}${url.hash}`;
  return trustedOrigins.includes(url.origin) ? url.href : null;
}

type RedirectConfig = Pick<ApiConfig, "appUrl" | "trustedOrigins">;

function allowed(config: RedirectConfig, value: string): string | null {
  return allowedRedirect(value, new URL(config.appUrl).origin, config.trustedOrigins);
}

/** A `redirectUrl` as given ("" or absent: none), as it will be stored, or REDIRECT_NOT_ALLOWED. */
export function checkRedirectUrl(config: RedirectConfig, value: string | null | undefined): string | null {
  if (!value) return null;
  const target = allowed(config, value);
  if (target !== null) return target;
  const origins = [new URL(config.appUrl).origin, ...config.trustedOrigins].join(", ");
  throw new AppError(
    "REDIRECT_NOT_ALLOWED",
    `People can only be sent to a path on this site or to an address on ${origins}.`,
    { allowedOrigins: [new URL(config.appUrl).origin, ...config.trustedOrigins] },
  );
}

/** Where someone who just joined goes: the first of `own` and the settings' default still allowed, else "/". */
export async function landingAfterJoin(
  services: { config: RedirectConfig; db: { prisma: Pick<PrismaClient, "settings"> } },
  own: string | null | undefined,
  tx?: Tx,
): Promise<string> {
  const { defaultRedirectUrl } = await getSettings(tx ?? services.db.prisma);
  for (const candidate of [own, defaultRedirectUrl]) {
    const target = candidate ? allowed(services.config, candidate) : null;
    if (target !== null) return target;
  }
  return "/";
}
