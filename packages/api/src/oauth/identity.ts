import type { Reason } from "@invite/schemas";
import { recordAudit } from "../audit.ts";
import type { SignInMeta } from "../auth/sign-in-session.ts";
import type { Services } from "../context.ts";
import type { AppError } from "../errors.ts";

/** What a provider vouched for, after the server checked its answer (signature, verified flags). */
export interface ProviderIdentity {
  /** Our id for the provider: "github", "google", "oidc". */
  provider: string;
  /** The provider's immutable user id (GitHub's numeric id, OIDC `sub`); accounts are keyed by it, never by email. */
  providerUserId: string;
  /** Only emails the provider marked verified, trimmed and lower-cased, the primary one first; may be empty. */
  verifiedEmails: string[];
  /** A display name, when the provider has one. */
  name: string | null;
}

/** Who is asking, and the session the browser already holds (replaced on sign-in, never promoted). */
export type OAuthRequestMeta = SignInMeta;

/** Why an OAuth attempt ended on the SPA's `/auth/error?reason=` page: any API reason. */
export type OAuthErrorReason = Reason;

export type OAuthRefusal =
  | { ok: false; reason: "EMAIL_MISMATCH"; invitedEmail: string; providerEmail: string }
  | { ok: false; reason: Exclude<OAuthErrorReason, "EMAIL_MISMATCH"> };

export function refusal(reason: Exclude<OAuthErrorReason, "EMAIL_MISMATCH">): OAuthRefusal {
  return { ok: false, reason };
}

/** A domain error (an invitation that is used, expired...) as a refusal the callback can show. */
export function refusalFromError(error: AppError): OAuthRefusal {
  if (error.reason !== "EMAIL_MISMATCH") return refusal(error.reason);
  const details = error.details ?? {};
  return { ok: false, reason: "EMAIL_MISMATCH", invitedEmail: String(details.invitedEmail), providerEmail: String(details.providerEmail) };
}

/** The provider's display name, bounded like a name typed into our own forms, never cutting an emoji in two. */
export function displayNameOf(identity: ProviderIdentity): string | undefined {
  const cut = identity.name?.trim().slice(0, 100) ?? "";
  return cut.replace(/[\uD800-\uDBFF]$/, "") || undefined;
}

/** A refused provider sign-in is worth an audit row: it is how account takeover attempts show up. */
export async function recordRefusal(
  services: Services,
  identity: ProviderIdentity,
  meta: Pick<OAuthRequestMeta, "ip">,
  result: OAuthRefusal,
  actorId: string | null = null,
) {
  await recordAudit(
    services.db.prisma,
    {
      actorId,
      action: "auth.oauth_refused",
      targetType: "oauth_account",
      targetId: `${identity.provider}:${identity.providerUserId}`,
      ip: meta.ip,
      data: { provider: identity.provider, reason: result.reason },
    },
    services.clock.now(),
  );
  return result;
}
