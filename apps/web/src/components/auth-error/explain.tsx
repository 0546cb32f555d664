import { reasonMessages, type Reason } from "@invite/schemas";
import type { ReactNode } from "react";
import { signInPath } from "../../lib/session.ts";
import { Hint, InvitationWaiting, Steps } from "./next-steps.tsx";
import type { Tone } from "./tone-icon.tsx";

export type Action = { label: string; to: string };

export type Explanation = {
  tone: Tone;
  title: string;
  /** The first paragraph under the title. */
  lead: ReactNode;
  /** What to do now, inside the card. */
  body?: ReactNode;
  /** The first one is the primary button. */
  actions: Action[];
};

/** What the error page knows about the attempt, from its URL and this tab. */
export type ErrorContext = {
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

/** What went wrong, in words, and the next steps. */
export function explain(reason: Reason | null, c: ErrorContext, knownProvider: string | null): Explanation {
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
          lead: `The invite link is only for some email domains, and your ${knownProvider ?? "provider"} account's verified email is at another. Nothing was created.`,
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
