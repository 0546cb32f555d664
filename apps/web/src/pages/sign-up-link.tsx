import { PASSWORD_MIN, passwordLength, type Reason, type SignUpLinkStatus } from "@invite/schemas";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { AuthCard, AuthCardSkeleton } from "../components/auth-card.tsx";
import { FormAlert } from "../components/form-alert.tsx";
import { JoinOutcomePage, type JoinOutcome } from "../components/invite-links/join-outcome.tsx";
import { LinkOutcome } from "../components/link-outcome.tsx";
import { LoadError } from "../components/load-error.tsx";
import { PasswordField } from "../components/password-field.tsx";
import { ProviderButtons, providerName, providerStartUrl } from "../components/provider-buttons.tsx";
import { Alert } from "../components/ui/alert.tsx";
import { Button, buttonClassName } from "../components/ui/button.tsx";
import { TextField } from "../components/ui/field.tsx";
import { toast } from "../components/ui/toaster.tsx";
import { getErrorMessage, getErrorReason, getFieldErrors } from "../lib/errors.ts";
import { goAfterJoining } from "../lib/redirect.tsx";
import { formatDistance } from "../lib/relative-time.ts";
import { startSession, type Me } from "../lib/session.ts";
import { useMe } from "../lib/use-me.ts";
import { createPasskey, passkeyBrowserError, passkeyCancelled, passkeysSupported } from "../lib/passkey.ts";
import { trpc, trpcClient } from "../trpc.ts";
import { CheckYourInbox } from "./sign-up.tsx";

/*
 * `/sign-up/:token`, from the emailed link: the link is checked as the page opens (spending
 * nothing, so a mail scanner that opens it breaks nothing), and a link that can't make an
 * account says why at once, before anyone types a password. A good one asks for a name and
 * a password, or offers the providers (whose verified email must be this one). A link sent by
 * a shareable invite link (`/join/<token>`) says so ("Join Acme as Member"), and shows that
 * link's own page if it was revoked, expired or filled up meanwhile. The token is
 * part of the path: the server sends `Referrer-Policy: no-referrer` and never logs it.
 */

/** Set just before a provider button leaves, so the error page can offer the way back (auth-error.tsx). */
export const LAST_SIGN_UP_TOKEN_KEY = "signUp:lastToken";

type Outcome = Exclude<SignUpLinkStatus, "PENDING"> | "NOT_FOUND";

/** What completing can learn about the link, shown as the page it would have opened on. */
const outcomeByReason: Partial<Record<Reason, Outcome>> = {
  SIGN_UP_LINK_NOT_FOUND: "NOT_FOUND",
  VALIDATION_FAILED: "NOT_FOUND",
  SIGN_UP_LINK_USED: "USED",
  SIGN_UP_LINK_EXPIRED: "EXPIRED",
  ALREADY_MEMBER: "ACCOUNT_EXISTS",
  INVITATION_PENDING: "INVITED",
};

/** The shareable invite link a confirmation joins through died after the email went out. */
const linkOutcomeByReason: Partial<Record<Reason, JoinOutcome>> = {
  INVITE_LINK_NOT_FOUND: "NOT_FOUND",
  INVITE_LINK_REVOKED: "REVOKED",
  INVITE_LINK_EXPIRED: "EXPIRED",
  INVITE_LINK_FULL: "FULL",
};

const roleLabels = { ADMIN: "Admin", MEMBER: "Member" } as const;

export default function SignUpLinkPage() {
  const { token = "" } = useParams();
  const preview = useQuery(trpc.auth.signUpPreview.queryOptions({ token }, { staleTime: Infinity }));
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [linkOutcome, setLinkOutcome] = useState<JoinOutcome | null>(null);

  if (preview.isPending) return <AuthCardSkeleton />;
  const reason = preview.error ? getErrorReason(preview.error) : undefined;
  const shown = outcome ?? (reason ? outcomeByReason[reason] : undefined) ?? (preview.data?.status === "PENDING" ? null : preview.data?.status);
  if (shown) return <SignUpLinkOutcome outcome={shown} email={preview.data?.email} throughLink={Boolean(preview.data?.inviteLink)} />;
  // Joining through a shareable link that has since been revoked, expired or filled up: its own page.
  const link = preview.data?.inviteLink;
  const linkShown = linkOutcome ?? (link && link.status !== "ACTIVE" ? link.status : null);
  if (linkShown) return <JoinOutcomePage outcome={linkShown} link={link ?? undefined} />;
  if (!preview.data) {
    return (
      <AuthCard eyebrow="Create an account" title="We couldn't open this link">
        <LoadError title="The server didn't answer" query={preview} />
      </AuthCard>
    );
  }
  return <ChooseNameAndPassword token={token} preview={preview.data} onOutcome={setOutcome} onLinkOutcome={setLinkOutcome} />;
}

type Preview = inferOutput<typeof trpc.auth.signUpPreview>;

function ChooseNameAndPassword({
  token,
  preview,
  onOutcome,
  onLinkOutcome,
}: {
  token: string;
  preview: Preview;
  onOutcome: (outcome: Outcome) => void;
  onLinkOutcome: (outcome: JoinOutcome) => void;
}) {
  const navigate = useNavigate();
  const me = useMe().data;
  const [now] = useState(Date.now);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ name?: string; password?: string }>({});
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const complete = useMutation(trpc.auth.completeSignUp.mutationOptions());
  // "Use a passkey": the name, then the browser's passkey prompt, instead of a password.
  const withPasskey = useMutation({
    mutationFn: async () => {
      const { attemptId, options } = await trpcClient.passkey.signUpOptions.mutate({ token });
      const response = await createPasskey(options);
      return trpcClient.passkey.completeSignUp.mutate({ token, attemptId, response, name });
    },
  });
  const [canUsePasskey] = useState(passkeysSupported);
  const configured = useQuery(trpc.auth.providers.queryOptions());
  const providers = preview.methods
    .filter((method) => method !== "password")
    .map((id) => ({ id, name: providerName(id, configured.data) }));

  function show(found: { name?: string; password?: string }) {
    setErrors(found);
    (found.name ? nameRef : passwordRef).current?.focus();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = {
      name: name.trim() ? undefined : "Enter your name.",
      password: passwordLength(password) >= PASSWORD_MIN ? undefined : `Use at least ${PASSWORD_MIN} characters.`,
    };
    if (found.name || found.password) return show(found);
    setErrors({});
    withPasskey.reset();
    complete.mutate({ token, name, password }, { onSuccess: signedIn, onError: failed });
  }

  function submitWithPasskey() {
    if (!name.trim()) return show({ name: "Enter your name." });
    setErrors({});
    complete.reset();
    withPasskey.mutate(undefined, { onSuccess: signedIn, onError: failed });
  }

  function signedIn({ user, redirectTo }: { user: Me; redirectTo: string }) {
    startSession(user);
    toast.success(`Welcome, ${user.name}! Your account is ready.`);
    goAfterJoining(redirectTo, navigate);
  }

  function failed(failure: unknown) {
    const reason = getErrorReason(failure);
    const outcome = reason && outcomeByReason[reason];
    if (outcome) return onOutcome(outcome);
    const linkOutcome = reason && linkOutcomeByReason[reason];
    if (linkOutcome) return onLinkOutcome(linkOutcome);
    if (reason === "WEAK_PASSWORD") return show({ password: getErrorMessage(failure) });
    const fields = getFieldErrors(failure);
    if (fields.name || fields.password) show({ name: fields.name, password: fields.password });
  }

  const passkeyError =
    withPasskey.error && !getErrorReason(withPasskey.error) && !passkeyCancelled(withPasskey.error)
      ? (passkeyBrowserError(withPasskey.error) ?? "Your browser couldn't create a passkey. Choose a password instead.")
      : null;

  // Through a shareable invite link: "Join Acme as Member", from whoever shared it.
  const link = preview.inviteLink;
  return (
    <AuthCard
      eyebrow={link ? `Invited by ${link.inviterName}` : "Create an account"}
      title={link ? `Join ${link.workspaceName ? `${link.workspaceName} ` : ""}as ${roleLabels[link.role]}` : "Choose your name and password"}
      description={
        link
          ? "Your email is confirmed. Choose your name and password, and you're in."
          : "Your email is confirmed. One more step and you're in."
      }
      footer={
        <>
          This link expires{" "}
          <time dateTime={preview.expiresAt.toISOString()} className="font-medium text-gray-900">
            {formatDistance(preview.expiresAt, now)}
          </time>
          .
        </>
      }
    >
      {me && (
        <Alert className="mb-5">You're signed in as {me.email}. Creating this account signs you in to it instead.</Alert>
      )}
      <form noValidate onSubmit={submit} className="space-y-5" aria-label="Create your account">
        <FormAlert error={complete.error} besideFields={["WEAK_PASSWORD", "VALIDATION_FAILED"]} />
        {withPasskey.error && getErrorReason(withPasskey.error) && (
          <FormAlert error={withPasskey.error} besideFields={["VALIDATION_FAILED"]} />
        )}
        {passkeyError && (
          <Alert tone="error" role="alert">
            {passkeyError}
          </Alert>
        )}
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          value={preview.email}
          readOnly
          hint="Confirmed by the link you opened; it will be your sign-in email."
          className="read-only:bg-gray-50 read-only:text-gray-700"
        />
        <TextField
          ref={nameRef}
          label="Name"
          name="name"
          autoComplete="name"
          autoFocus
          maxLength={100}
          hint="How you'll appear to others."
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            if (errors.name) setErrors((e) => ({ ...e, name: undefined }));
          }}
          error={errors.name}
        />
        <PasswordField
          ref={passwordRef}
          name="password"
          meter
          related={[preview.email, name]}
          value={password}
          onValueChange={(value) => {
            setPassword(value);
            if (errors.password) setErrors((e) => ({ ...e, password: undefined }));
          }}
          error={errors.password}
        />
        <Button type="submit" className="w-full" loading={complete.isPending}>
          {complete.isPending ? "Creating your account…" : "Create account"}
        </Button>
      </form>
      {canUsePasskey && (
        <Button
          type="button"
          variant="secondary"
          className="mt-3 w-full"
          loading={withPasskey.isPending}
          disabled={complete.isPending}
          onClick={submitWithPasskey}
        >
          Use a passkey
        </Button>
      )}
      <div onClickCapture={() => remember(token)}>
        <ProviderButtons className="mt-6" providers={providers} href={(id) => providerStartUrl(id, { signUp: token })} />
      </div>
    </AuthCard>
  );
}

/** The error page's way back here if the provider's email turns out not to be this one. */
function remember(token: string) {
  try {
    sessionStorage.setItem(LAST_SIGN_UP_TOKEN_KEY, token);
    sessionStorage.removeItem("invite:lastToken");
    sessionStorage.removeItem("join:lastToken");
  } catch {
    // Storage disabled: the error page simply won't offer the way back.
  }
}

/** A link that can't make an account, each with its next step. */
function SignUpLinkOutcome({ outcome, email, throughLink }: { outcome: Outcome; email: string | undefined; throughLink: boolean }) {
  const [sent, setSent] = useState(false);
  const again = useMutation(trpc.auth.signUp.mutationOptions({ onSuccess: () => setSent(true) }));
  const sendAgain = (label: string) =>
    email ? (
      <Button loading={again.isPending} onClick={() => again.mutate({ email })}>
        {label}
      </Button>
    ) : null;
  const signIn = (
    <Link to="/sign-in" className={buttonClassName()}>
      Sign in
    </Link>
  );
  const who = email ? <strong className="font-medium break-words text-gray-900">{email}</strong> : "this address";

  if (sent && email) {
    if (outcome === "INVITED") {
      return (
        <LinkOutcome kind="INFO" title="Check your inbox for your invitation">
          <p>We've sent your invitation to {who} again. Open it and use its link to join.</p>
        </LinkOutcome>
      );
    }
    return <CheckYourInbox email={email} />;
  }
  const failed = again.error ? (
    <p className="text-sm text-red-700" role="alert">
      {getErrorMessage(again.error)}
    </p>
  ) : null;

  switch (outcome) {
    case "EXPIRED":
      // Sent by a shareable invite link: a new one comes from that link, which this page doesn't know.
      if (throughLink) {
        return (
          <LinkOutcome kind="EXPIRED" title="This confirmation link has expired">
            <p>
              Confirmation links work for an hour. Open the invite link you were given again and enter {who} there: we'll
              send a new one.
            </p>
          </LinkOutcome>
        );
      }
      return (
        <LinkOutcome kind="EXPIRED" title="This sign-up link has expired" actions={sendAgain("Send me a new link")}>
          <p>Sign-up links work for an hour. We can send a new one to {who}.</p>
          {failed}
        </LinkOutcome>
      );
    case "USED":
      return (
        <LinkOutcome kind="USED" title="This sign-up link was already used" actions={signIn}>
          <p>An account for {who} was created with it. Sign-up links work once; sign in to continue.</p>
        </LinkOutcome>
      );
    case "ACCOUNT_EXISTS":
      return (
        <LinkOutcome
          kind="USED"
          title="You already have an account"
          actions={
            <>
              {signIn}
              <Link to="/forgot-password" state={{ email }} className={buttonClassName({ variant: "secondary" })}>
                Forgot your password?
              </Link>
            </>
          }
        >
          <p>{who} already has an account, so there is nothing to create. Sign in with it instead.</p>
        </LinkOutcome>
      );
    case "INVITED":
      return (
        <LinkOutcome kind="INFO" title="You've been invited" actions={sendAgain("Send my invitation again")}>
          <p>
            An administrator has invited {who}. Join with the link in your invitation email: it gives you the role you
            were invited as, which signing up can't.
          </p>
          {failed}
        </LinkOutcome>
      );
    case "NOT_FOUND":
      return (
        <LinkOutcome
          kind="NOT_FOUND"
          title="This sign-up link doesn't work"
          actions={
            <Link to="/sign-up" className={buttonClassName()}>
              Ask for a new link
            </Link>
          }
        >
          <p>Check that you copied the whole link: some email apps split long links across lines. Or ask for a new one.</p>
        </LinkOutcome>
      );
  }
}
