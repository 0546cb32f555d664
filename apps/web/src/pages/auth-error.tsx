import { isReason, reasonMessages, type Reason } from "@invite/schemas";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { providerName } from "../components/provider-buttons.tsx";
import { buttonClassName } from "../components/ui/button.tsx";
import { cx } from "../components/ui/cx.ts";
import { signInPath } from "../lib/session.ts";
import { useMe } from "../lib/use-me.ts";
import { trpc } from "../trpc.ts";

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

type Tone = "warning" | "error" | "info";

type Action = { label: string; to: string };

type Explanation = {
  tone: Tone;
  title: string;
  /** The first paragraph under the title. */
  lead: ReactNode;
  /** What to do now, inside the card. */
  body?: ReactNode;
  /** The first one is the primary button. */
  actions: Action[];
};

type Context = {
  /** "GitHub"; "the sign-in provider" when we can't tell which. */
  provider: string;
  /** `/invite/<token>` from sessionStorage, or null. */
  invitation: string | null;
  /** `/sign-up/<token>` from sessionStorage, or null. */
  signUpLink: string | null;
  /** `/join/<token>` (a shareable invite link) from sessionStorage, or null. */
  joinLink: string | null;
  signedIn: boolean;
  invitedEmail: string | null;
  providerEmail: string | null;
};

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

  const context: Context = {
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

/** What went wrong, in words, and the next steps. */
function explain(reason: Reason | null, c: Context, knownProvider: string | null): Explanation {
  const provider = c.provider;
  const Provider = knownProvider ?? "The sign-in provider";
  const backToInvitation: Action[] = c.invitation ? [{ label: "Back to your invitation", to: c.invitation }] : [];
  // Where the attempt started: the invitation, an invite link, the account page (linking) or the sign-in page.
  const tryAgain: Action = { label: "Try again", to: c.invitation ?? c.joinLink ?? (c.signedIn ? "/account" : "/sign-in") };
  const usePassword: Action[] = c.invitation
    ? [{ label: "Use a password instead", to: c.invitation }]
    : c.joinLink
      ? [{ label: "Use your email instead", to: c.joinLink }]
      : c.signedIn
        ? []
        : [{ label: "Use a password instead", to: "/sign-in" }];
  const signIn = (next = "/"): Action => ({ label: "Sign in", to: signInPath(next) });
  const nothingChanged = c.invitation
    ? "Nothing was changed, and your invitation still works."
    : c.joinLink
      ? "Nothing was changed, and your invite link still works."
      : "Nothing was changed.";

  switch (reason) {
    case "EMAIL_MISMATCH": {
      if (c.signUpLink && !c.invitation) {
        return {
          tone: "warning",
          title: "That account doesn't match your email",
          lead: (
            <>
              You're signing up as <strong className="font-semibold break-words text-gray-900">{c.invitedEmail ?? "the address you confirmed"}</strong>
              {c.providerEmail ? (
                <>
                  , but {knownProvider ?? "the account you chose"} says you are{" "}
                  <strong className="font-semibold break-words text-gray-900">{c.providerEmail}</strong>
                </>
              ) : null}
              .
            </>
          ),
          body: <Hint>Nothing was created, and your sign-up link still works: choose a password there, or switch to the {provider} account with that email.</Hint>,
          actions: [{ label: "Back to your sign-up", to: c.signUpLink }],
        };
      }
      if (!c.invitedEmail || !c.providerEmail) {
        return {
          tone: "warning",
          title: "That account doesn't match the invitation",
          lead: reasonMessages.EMAIL_MISMATCH,
          body: <InvitationWaiting provider={provider} invitation={c.invitation} />,
          actions: backToInvitation,
        };
      }
      return {
        tone: "warning",
        title: "That account doesn't match the invitation",
        lead: (
          <>
            You were invited as <strong className="font-semibold break-words text-gray-900">{c.invitedEmail}</strong>,
            but {knownProvider ?? "the account you chose"} says you are{" "}
            <strong className="font-semibold break-words text-gray-900">{c.providerEmail}</strong>.
          </>
        ),
        body: <InvitationWaiting provider={provider} invitation={c.invitation} invitedEmail={c.invitedEmail} />,
        actions: backToInvitation,
      };
    }
    case "REGISTRATION_CLOSED":
      return {
        tone: "info",
        title: "You need an invitation",
        lead: reasonMessages.REGISTRATION_CLOSED,
        body: (
          <p className="text-sm text-gray-700">
            Signing in with {knownProvider ?? "a provider"} doesn't create an account here on its own. If you already
            have an account, sign in with your email and password; once you're in, you can link{" "}
            {knownProvider ?? "the provider"} from your account page.
          </p>
        ),
        actions: [...backToInvitation, { ...signIn(), label: "Sign in with a password" }],
      };
    case "INVITATION_PENDING":
      return {
        tone: "info",
        title: "An invitation is waiting for you",
        lead: "This email address has been invited, so we've sent you that invitation again. Nothing was created.",
        body: <Hint>Open the newest invitation email and use its link: it gives you the role you were invited as.</Hint>,
        actions: [],
      };
    case "EMAIL_DOMAIN_NOT_ALLOWED":
      if (c.joinLink && !c.invitation) {
        return {
          tone: "warning",
          title: "That email can't join through this link",
          lead: `The invite link is only for some email domains, and ${knownProvider ?? "the provider"} gave an address at another. Nothing was created.`,
          body: <Hint>Use a {provider} account with your work email, or enter your work email on the invite link's page.</Hint>,
          actions: [{ label: "Back to the invite link", to: c.joinLink }],
        };
      }
      return {
        tone: "warning",
        title: "Sign-up isn't open to that email",
        lead: `${reasonMessages.EMAIL_DOMAIN_NOT_ALLOWED} Nothing was created.`,
        body: <Hint>Use a {provider} account with your work email, or sign up with your work email and a password.</Hint>,
        actions: [{ label: "Sign up with your email", to: "/sign-up" }],
      };
    case "ACCOUNT_EXISTS":
      return {
        tone: "info",
        title: "You already have an account",
        lead: `An account with this email already exists, so signing in with ${provider} didn't link anything on its own.`,
        body: (
          <Steps
            steps={[
              "Sign in with your email and password.",
              knownProvider
                ? `On your account page, under “Sign-in methods”, choose “Link ${knownProvider}”.`
                : "On your account page, under “Sign-in methods”, link the provider you just used.",
              "From then on you can sign in with either.",
            ]}
          />
        ),
        actions: [signIn("/account")],
      };
    case "OAUTH_STATE_INVALID":
      return {
        tone: "warning",
        title: "That sign-in attempt expired",
        lead: `${reasonMessages.OAUTH_STATE_INVALID} ${nothingChanged}`,
        body: <Hint>This happens when a sign-in page stayed open too long, or was opened in another browser.</Hint>,
        actions: [tryAgain, ...usePassword],
      };
    case "PROVIDER_UNAVAILABLE":
      return {
        tone: "warning",
        title: `${Provider} isn't responding`,
        lead: `We couldn't get an answer from ${provider} just now. ${nothingChanged}`,
        body: <Hint>Try again in a moment{usePassword.length ? ", or use a password instead" : ""}.</Hint>,
        actions: [tryAgain, ...usePassword],
      };
    case "OAUTH_FAILED":
      return {
        tone: "error",
        title: `We couldn't verify ${knownProvider ?? "the provider"}'s answer`,
        lead: `${reasonMessages.OAUTH_FAILED} ${nothingChanged}`,
        actions: [tryAgain, ...usePassword],
      };
    case "OAUTH_DENIED":
      return {
        tone: "info",
        title: "Sign-in was cancelled",
        lead: `You cancelled at ${provider}, or it declined the request. ${nothingChanged}`,
        actions: [tryAgain, ...usePassword],
      };
    case "EMAIL_NOT_VERIFIED":
      return {
        tone: "warning",
        title: "Verify your email first",
        lead: `${Provider} hasn't verified an email address for this account, and we only trust verified ones. ${nothingChanged}`,
        body: (
          <Steps
            steps={[
              knownProvider ? `Verify your email address in your ${knownProvider} settings.` : "Verify your email address with the provider.",
              "Come back here and try again.",
            ]}
          />
        ),
        actions: [tryAgain, ...usePassword],
      };
    case "PROVIDER_ALREADY_LINKED":
      return {
        tone: "info",
        title: `${Provider} is already linked`,
        lead: `Your account already has ${knownProvider ? `a ${knownProvider}` : "an"} account from this provider linked. To use a different one, unlink the current one on your account page first.`,
        actions: [{ label: "Back to your account", to: "/account" }],
      };
    case "ACCOUNT_LINKED_ELSEWHERE":
      return {
        tone: "warning",
        title: "That account belongs to someone else",
        lead: `${reasonMessages.ACCOUNT_LINKED_ELSEWHERE} Nothing was linked.`,
        body: (
          <Hint>
            Each {knownProvider ?? "provider"} account can sign in to one user here. Switch to another {knownProvider ?? "provider"} account
            and try again, or ask an administrator.
          </Hint>
        ),
        actions: [{ label: "Back to your account", to: "/account" }],
      };
    case "UNAUTHENTICATED":
      return {
        tone: "info",
        title: "Please sign in again",
        lead: "Your session ended before linking finished, so nothing was linked. Sign in, then link from your account page.",
        actions: [signIn("/account")],
      };
    case "ALREADY_MEMBER":
      return {
        tone: "info",
        title: "You already have an account",
        lead: reasonMessages.ALREADY_MEMBER,
        actions: [signIn()],
      };
    case "INVITATION_USED":
      return { tone: "info", title: "This invitation has already been used", lead: reasonMessages.INVITATION_USED, actions: [signIn()] };
    case "INVITATION_EXPIRED":
      return {
        tone: "warning",
        title: "This invitation has expired",
        lead: reasonMessages.INVITATION_EXPIRED,
        body: <Hint>Invitations only work for a limited time. A new one will arrive by email, as this one did.</Hint>,
        actions: [],
      };
    case "INVITATION_REVOKED":
      return { tone: "warning", title: "This invitation was withdrawn", lead: reasonMessages.INVITATION_REVOKED, actions: [] };
    case "INVITATION_NOT_FOUND":
      return {
        tone: "warning",
        title: "This invitation link isn't valid",
        lead: reasonMessages.INVITATION_NOT_FOUND,
        body: <Hint>Open the link from your invitation email again; some email apps split long links.</Hint>,
        actions: [],
      };
    case "INVITE_LINK_REVOKED":
    case "INVITE_LINK_EXPIRED":
    case "INVITE_LINK_FULL":
    case "INVITE_LINK_NOT_FOUND":
      return { tone: "warning", title: inviteLinkTitles[reason], lead: `${reasonMessages[reason]} Nothing was created.`, actions: [] };
    case "ACCOUNT_SUSPENDED":
      return {
        tone: "warning",
        title: "This account is suspended",
        lead: "An admin suspended it. Ask one of them to reactivate it.",
        body: <Hint>While it is suspended, signing in with a password or with {knownProvider ?? "a provider"} is refused. Nothing was changed.</Hint>,
        actions: [],
      };
    case "RATE_LIMITED":
      return { tone: "warning", title: "Too many attempts", lead: reasonMessages.RATE_LIMITED, actions: [tryAgain] };
    case "SERVICE_UNAVAILABLE":
      return {
        tone: "error",
        title: "Something went wrong on our side",
        lead: `${reasonMessages.SERVICE_UNAVAILABLE} ${nothingChanged}`,
        actions: [tryAgain],
      };
    case "NOT_FOUND":
      return {
        tone: "warning",
        title: "That sign-in option isn't available",
        lead: "This server isn't set up for that provider.",
        actions: usePassword.length ? usePassword : [{ label: "Back to your account", to: "/account" }],
      };
    default:
      return {
        tone: "error",
        title: "Sign-in didn't complete",
        lead: reason ? reasonMessages[reason] : "Something went wrong while signing you in. Nothing was changed.",
        actions: [tryAgain, ...usePassword.filter((action) => action.to !== tryAgain.to)],
      };
  }
}

const inviteLinkTitles = {
  INVITE_LINK_REVOKED: "This invite link was turned off",
  INVITE_LINK_EXPIRED: "This invite link has expired",
  INVITE_LINK_FULL: "This invite link is full",
  INVITE_LINK_NOT_FOUND: "This invite link doesn't work",
} as const;

/** The EMAIL_MISMATCH next steps: the invitation is untouched; use a password or another account. */
function InvitationWaiting({
  provider,
  invitation,
  invitedEmail,
}: {
  provider: string;
  invitation: string | null;
  invitedEmail?: string;
}) {
  const invited = invitedEmail ? (
    <span className="font-medium break-words text-gray-900">{invitedEmail}</span>
  ) : (
    "the invited address"
  );
  return (
    <div className="space-y-4">
      <div>
        <h2 className="flex items-center gap-2 text-base font-semibold text-gray-900">
          <span aria-hidden="true" className="size-2 rounded-full bg-green-600" />
          Your invitation is still waiting
        </h2>
        <p className="mt-1 text-sm text-gray-600">Nothing was created, and the invitation link still works. You can:</p>
      </div>
      <ul className="space-y-3">
        <Option
          title="Use a password instead"
          icon="M16.5 10.5V6.75a4.5 4.5 0 1 0-9 0v3.75m-.75 11.25h10.5a2.25 2.25 0 0 0 2.25-2.25v-6.75a2.25 2.25 0 0 0-2.25-2.25H6.75a2.25 2.25 0 0 0-2.25 2.25v6.75a2.25 2.25 0 0 0 2.25 2.25Z"
        >
          Accept the invitation as {invited} with a password of your own.
        </Option>
        <Option title="Switch accounts" icon="M7.5 21 3 16.5m0 0L7.5 12M3 16.5h13.5m0-13.5L21 7.5m0 0L16.5 12M21 7.5H7.5">
          Sign out of {provider}, or pick the account whose verified email is {invited}, then try again.
        </Option>
      </ul>
      {!invitation && <p className="text-sm text-gray-600">Open the link in your invitation email again to choose.</p>}
    </div>
  );
}

function Option({ title, icon, children }: { title: string; icon: string; children: ReactNode }) {
  return (
    <li className="flex gap-3 rounded-lg border border-gray-200 p-3.5">
      <svg
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        className="mt-0.5 size-5 shrink-0 text-accent-600"
      >
        <path d={icon} />
      </svg>
      <div className="min-w-0 text-sm">
        <p className="font-semibold text-gray-900">{title}</p>
        <p className="mt-0.5 text-gray-600">{children}</p>
      </div>
    </li>
  );
}

function Steps({ steps }: { steps: string[] }) {
  return (
    <ol className="space-y-3 text-sm text-gray-700">
      {steps.map((step, index) => (
        <li key={step} className="flex gap-3">
          <span
            aria-hidden="true"
            className="grid size-6 shrink-0 place-items-center rounded-full bg-accent-50 text-xs font-semibold text-accent-700 ring-1 ring-accent-600/20"
          >
            {index + 1}
          </span>
          <span className="pt-0.5">{step}</span>
        </li>
      ))}
    </ol>
  );
}

function Hint({ children }: { children: ReactNode }) {
  return <p className="text-sm text-gray-700">{children}</p>;
}

const toneStyles: Record<Tone, { box: string; path: string }> = {
  warning: {
    box: "bg-amber-50 text-amber-600 ring-amber-600/20",
    path: "M12 9v3.75m-9.3 3.38c-.87 1.5.22 3.37 1.95 3.37h14.7c1.73 0 2.82-1.87 1.95-3.37L13.95 3.38c-.87-1.5-3.03-1.5-3.9 0L2.7 16.13ZM12 15.75h.01v.01H12v-.01Z",
  },
  error: {
    box: "bg-red-50 text-red-600 ring-red-600/20",
    path: "M12 9v3.75m9-.75a9 9 0 1 1-18 0 9 9 0 0 1 18 0Zm-9 3.75h.01v.01H12v-.01Z",
  },
  info: {
    box: "bg-accent-50 text-accent-600 ring-accent-600/20",
    path: "m11.25 11.25.04-.02a.75.75 0 0 1 1.06.85l-.7 2.84a.75.75 0 0 0 1.06.85l.04-.02M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0Zm-9-3.75h.01v.01H12V8.25Z",
  },
};

function ToneIcon({ tone }: { tone: Tone }) {
  const style = toneStyles[tone];
  return (
    <div aria-hidden="true" className={cx("grid size-12 place-items-center rounded-full ring-1 sm:mx-auto", style.box)}>
      <svg
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.75"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="size-6"
      >
        <path d={style.path} />
      </svg>
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
