import { isReason } from "@invite/schemas";
import { useQuery } from "@tanstack/react-query";
import { Link, useLocation } from "react-router";
import { providerName } from "../components/provider-buttons.tsx";
import { buttonClassName } from "../components/ui/button.tsx";
import { useMe } from "../lib/use-me.ts";
import { trpc } from "../trpc.ts";
import { explain, type ErrorContext } from "../components/auth-error/explain.tsx";
import { ToneIcon } from "../components/auth-error/tone-icon.tsx";

/*
 * `/auth/error?reason=<REASON>`: where the server's OAuth callback lands when it signs no
 * one in (SECURITY 25-30). For EMAIL_MISMATCH it adds `&invited=<email>&provider=<email>`,
 * and `&via=<provider id>` when it names the provider. The invitation token is never in
 * this URL: if the accept page (or the sign-up or invite link page) remembered it in
 * sessionStorage before leaving for the provider, we offer the way back to it.
 */

/** Set by the accept-invite page just before a provider button navigates away. */
const LAST_INVITE_TOKEN_KEY = "invite:lastToken";
/** Set by the sign-up link page likewise (sign-up-link.tsx). */
const LAST_SIGN_UP_TOKEN_KEY = "signUp:lastToken";
/** Set by the shareable invite link's page likewise (components/invite-links/join-providers.tsx). */
const LAST_JOIN_TOKEN_KEY = "join:lastToken";

export default function AuthErrorPage() {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const raw = params.get("reason");
  const reason = isReason(raw) ? raw : null;
  const providers = useQuery(trpc.auth.providers.queryOptions());
  const me = useMe();

  // The server may name the provider (`via`); with one configured, it can only be that one.
  const via = params.get("via");
  const configured = providers.data ?? [];
  const provider = via
    ? providerName(via, configured)
    : configured.length === 1 && configured[0]
      ? configured[0].name
      : null;

  const context: ErrorContext = {
    provider: provider ?? "the sign-in provider",
    invitation: tokenPath(LAST_INVITE_TOKEN_KEY, "/invite/"),
    signUpLink: tokenPath(LAST_SIGN_UP_TOKEN_KEY, "/sign-up/"),
    joinLink: tokenPath(LAST_JOIN_TOKEN_KEY, "/join/"),
    signedIn: Boolean(me.data),
    invitedEmail: email(params.get("invited")),
    providerEmail: email(params.get("provider")),
  };
  const explained = explain(reason, context, provider);
  const [primary, ...others] = explained.actions;

  return (
    <div className="mx-auto w-full max-w-lg sm:pt-4">
      <title>{`${explained.title} · Invitations`}</title>
      <div className="mb-6 sm:text-center">
        <ToneIcon tone={explained.tone} />
        <h1 className="mt-4 text-2xl font-semibold tracking-tight text-balance text-gray-900 sm:text-3xl">
          {explained.title}
        </h1>
        <p className="mt-2 text-base text-pretty text-gray-600">{explained.lead}</p>
      </div>
      <div className="space-y-5 rounded-xl border border-gray-200 bg-white p-5 shadow-sm sm:p-8">
        {explained.body}
        {primary && (
          <div className="flex flex-col gap-2 pt-1">
            <Link to={primary.to} className={buttonClassName({ className: "w-full" })}>
              {primary.label}
            </Link>
            {others.map((action) => (
              <Link key={action.to + action.label} to={action.to} className={buttonClassName({ variant: "secondary", className: "w-full" })}>
                {action.label}
              </Link>
            ))}
          </div>
        )}
      </div>
      {reason && (
        <p className="mt-6 text-xs text-gray-500 sm:text-center">
          If you ask for help, mention this code: <code className="font-mono text-gray-700">{reason}</code>
        </p>
      )}
    </div>
  );
}
/** An address from the query, if it looks like one (the page shows it; it never goes anywhere). */
function email(value: string | null): string | null {
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= 320 && /^[^\s@]+@[^\s@]+$/.test(trimmed) ? trimmed : null;
}

/** `/invite/<token>` (or `/sign-up/<token>`) when that page left its token behind in this tab; never read from the URL. */
function tokenPath(key: string, prefix: string): string | null {
  let token: string | null = null;
  try {
    token = window.sessionStorage.getItem(key);
  } catch {
    // Storage disabled: there is just no way back to offer.
  }
  return token && /^[\w-]{1,128}$/.test(token) ? `${prefix}${token}` : null;
}
