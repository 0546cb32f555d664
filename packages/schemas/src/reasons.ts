/**
 * Stable, machine-readable failure reasons carried in `error.data.reason`.
 * The SPA shows `reasonMessages[reason]`; the API maps each reason to a tRPC code.
 */
export const reasons = [
  "INVITATION_NOT_FOUND",
  "INVITATION_EXPIRED",
  "INVITATION_USED",
  "INVITATION_REVOKED",
  "EMAIL_MISMATCH",
  "ALREADY_MEMBER",
  "WEAK_PASSWORD",
  "INVALID_CREDENTIALS",
  /** The right password (or provider) for an account an admin has suspended. */
  "ACCOUNT_SUSPENDED",
  "RATE_LIMITED",
  "VALIDATION_FAILED",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "SETUP_TOKEN_INVALID",
  "RESET_LINK_INVALID",
  "ADMIN_EXISTS",
  "ROLE_NOT_ALLOWED",
  "REGISTRATION_CLOSED",
  "LAST_SIGN_IN_METHOD",
  "ACCOUNT_LINKED_ELSEWHERE",
  "SERVICE_UNAVAILABLE",
  /** A /trpc call from a page whose origin is neither APP_URL's nor in TRUSTED_ORIGINS (SECURITY 40). */
  "ORIGIN_NOT_ALLOWED",
  /** Sign-up is limited to some email domains (the setting `signUpDomains`), and this email's is not one. */
  "EMAIL_DOMAIN_NOT_ALLOWED",
  /** A sign-up link that was never issued, or was mistyped or cut. */
  "SIGN_UP_LINK_NOT_FOUND",
  /** A sign-up link past its hour. */
  "SIGN_UP_LINK_EXPIRED",
  /** A sign-up link that already made its account. */
  "SIGN_UP_LINK_USED",
  /** Completing a sign-up for an email that has a pending invitation: only the invitation's own link may be used. */
  "INVITATION_PENDING",
  /** A shareable invitation link that was never made, or was mistyped or cut. */
  "INVITE_LINK_NOT_FOUND",
  /** A shareable link an admin revoked (or an admin link whose creator is no longer an active admin). */
  "INVITE_LINK_REVOKED",
  /** A shareable link past its expiry. */
  "INVITE_LINK_EXPIRED",
  /** A shareable link whose uses are all spent. */
  "INVITE_LINK_FULL",
  // The OAuth flow's own, shown on the SPA's /auth/error?reason= page:
  /** The callback's `state` is missing, stale, wrong, or was issued for another provider. */
  "OAUTH_STATE_INVALID",
  /** The person cancelled at the provider, or the provider refused (`error=access_denied`). */
  "OAUTH_DENIED",
  /** The provider's answer could not be trusted: rejected code, bad ID token (signature, iss, aud, exp, nonce). */
  "OAUTH_FAILED",
  /** The provider did not answer in time, answered 5xx, or answered something unreadable. */
  "PROVIDER_UNAVAILABLE",
  /** The provider has no verified email for this account. */
  "EMAIL_NOT_VERIFIED",
  /** An account with this email exists; sign in with its password and link the provider from the account page. */
  "ACCOUNT_EXISTS",
  /** The signed-in user already has another account of this provider linked. */
  "PROVIDER_ALREADY_LINKED",
  /** account.changePassword: the new password is the current one (nothing would change, yet other devices would be signed out). */
  "SAME_PASSWORD",
  /** A `redirectUrl` whose origin is neither APP_URL's nor exactly one in TRUSTED_ORIGINS (SECURITY 23, 40). */
  "REDIRECT_NOT_ALLOWED",
  /** A passkey's answer that does not check out: wrong site, no user verification, a counter gone backwards, an unknown passkey. */
  "PASSKEY_VERIFICATION_FAILED",
  /** A passkey ceremony's challenge that is past its 5 minutes, already used, or was never issued for this. */
  "CHALLENGE_EXPIRED",
] as const;

export type Reason = (typeof reasons)[number];

export const reasonMessages: Record<Reason, string> = {
  INVITATION_NOT_FOUND: "This invitation link is not valid. Check that you copied the whole link.",
  INVITATION_EXPIRED: "This invitation has expired. Ask the person who invited you for a new one.",
  INVITATION_USED: "This invitation has already been used. Sign in instead.",
  INVITATION_REVOKED: "This invitation was withdrawn. Ask the person who invited you if you think this is a mistake.",
  EMAIL_MISMATCH: "That account's email does not match the invited email.",
  ALREADY_MEMBER: "Someone with this email already has an account.",
  WEAK_PASSWORD: "Choose a stronger password.",
  INVALID_CREDENTIALS: "That email and password don't match an account.",
  ACCOUNT_SUSPENDED: "This account is suspended. Ask an admin to reactivate it.",
  RATE_LIMITED: "Too many attempts. Wait a little and try again.",
  VALIDATION_FAILED: "Some fields need attention.",
  UNAUTHENTICATED: "Please sign in to continue.",
  FORBIDDEN: "You don't have permission to do that.",
  NOT_FOUND: "We couldn't find what you were looking for.",
  RESET_LINK_INVALID: "This password reset link has expired or was already used. Ask for a new one.",
  SETUP_TOKEN_INVALID: "This setup link is invalid, expired or already used. Run `pnpm cli create-admin` or restart the server for a new one.",
  ADMIN_EXISTS: "An administrator already exists. Sign in instead.",
  ROLE_NOT_ALLOWED: "You can't grant a role above your own.",
  REGISTRATION_CLOSED: "Sign-up is by invitation only. Ask an administrator for an invitation.",
  LAST_SIGN_IN_METHOD: "You can't remove your only way to sign in.",
  ACCOUNT_LINKED_ELSEWHERE: "That account is already linked to another user.",
  SERVICE_UNAVAILABLE: "The service is temporarily unavailable. Try again in a moment.",
  ORIGIN_NOT_ALLOWED: "This page's origin may not call the API: only the app's own origin and those listed in TRUSTED_ORIGINS may.",
  EMAIL_DOMAIN_NOT_ALLOWED: "Sign-up is open only to some email domains, and this address isn't at one of them. Use your work email, or ask an administrator for an invitation.",
  SIGN_UP_LINK_NOT_FOUND: "This sign-up link is not valid. Check that you copied the whole link, or ask for a new one.",
  SIGN_UP_LINK_EXPIRED: "This sign-up link has expired. Ask for a new one: links work for an hour.",
  SIGN_UP_LINK_USED: "This sign-up link was already used. Sign in instead.",
  INVITATION_PENDING: "An invitation is waiting for this email. Use the link in your invitation email to join.",
  INVITE_LINK_NOT_FOUND: "This invitation link is not valid. Check that you copied the whole link.",
  INVITE_LINK_REVOKED: "This invitation link was turned off. Ask whoever shared it for a new one.",
  INVITE_LINK_EXPIRED: "This invitation link has expired. Ask whoever shared it for a new one.",
  INVITE_LINK_FULL: "This invitation link has been used as many times as it allows. Ask whoever shared it for a new one.",
  OAUTH_STATE_INVALID: "That sign-in attempt expired or wasn't started here. Try again.",
  OAUTH_DENIED: "Sign-in was cancelled at the provider.",
  OAUTH_FAILED: "The provider's answer couldn't be verified. Try again.",
  PROVIDER_UNAVAILABLE: "The provider isn't responding right now. Try again, or use a password.",
  EMAIL_NOT_VERIFIED: "Verify your email address with the provider first, then try again.",
  ACCOUNT_EXISTS: "An account with this email already exists. Sign in with your password, then link this provider from your account page.",
  PROVIDER_ALREADY_LINKED: "You already have an account from this provider linked.",
  SAME_PASSWORD: "That's your current password. Choose a different one to change it.",
  REDIRECT_NOT_ALLOWED: "People can only be sent to a page of this app or of a site listed in TRUSTED_ORIGINS.",
  PASSKEY_VERIFICATION_FAILED: "That passkey couldn't be verified. Try again, or use another way to sign in.",
  CHALLENGE_EXPIRED: "That passkey request expired or was already used. Try again.",
};

export function isReason(value: unknown): value is Reason {
  return typeof value === "string" && (reasons as readonly string[]).includes(value);
}
