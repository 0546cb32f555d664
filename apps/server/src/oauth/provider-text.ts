import type { ProviderIdentity } from "@invite/api";
import { ProviderRejectedError } from "./provider.ts";

/**
 * A provider's answer is input like any other: its text reaches our tables, and PostgreSQL
 * keeps neither U+0000 nor a lone UTF-16 surrogate. Control characters (C0, DEL, C1) are
 * never part of a name or an address either.
 */
const CONTROL = /\p{Cc}/gu;
/** In `u` mode a well-formed pair is one code point; only a lone half is in category Cs. */
const LONE_SURROGATE = /\p{Cs}/gu;
const UNFIT_FOR_AN_ID = /[\p{Cc}\p{Cs}]/u;

/** As long as a name typed into our own forms may be (UTF-16 units, as zod counts). */
const NAME_MAX = 100;

/**
 * The identity with a display name fit to show and store, or a ProviderRejectedError (the
 * attempt ends on OAUTH_FAILED) when an address or the account id holds text no real one
 * has: cleaning those would make them someone else's.
 */
export function acceptableIdentity(identity: ProviderIdentity): ProviderIdentity {
  if (UNFIT_FOR_AN_ID.test(identity.providerUserId)) {
    throw new ProviderRejectedError(`${identity.provider}: the account id holds control characters or broken UTF-16`);
  }
  if (identity.verifiedEmails.some((email) => UNFIT_FOR_AN_ID.test(email))) {
    throw new ProviderRejectedError(`${identity.provider}: a verified email holds control characters or broken UTF-16`);
  }
  return { ...identity, name: cleanDisplayName(identity.name) };
}

/** Controls become spaces, lone surrogates go, runs of white space (line breaks too) collapse; null when nothing is left. */
export function cleanDisplayName(name: string | null): string | null {
  if (name === null) return null;
  const cleaned = name.replace(LONE_SURROGATE, "").replace(CONTROL, " ").replace(/\s+/gu, " ").trim();
  // Never cut an emoji in two: half of one is a lone surrogate.
  return cleaned.slice(0, NAME_MAX).replace(/[\uD800-\uDBFF]$/, "").trim() || null;
}

