import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { PasswordField } from "../components/password-field.tsx";
import { AuthCard, AuthCardSkeleton } from "../components/auth-card.tsx";
import { ProviderButtons, providerStartUrl } from "../components/provider-buttons.tsx";
import { Alert } from "../components/ui/alert.tsx";
import { Button } from "../components/ui/button.tsx";
import { EmailField } from "../components/email-field.tsx";
import { useBranding } from "../lib/branding.ts";
import { getErrorMessage, getErrorReason, getFieldErrors } from "../lib/errors.ts";
import { Redirect, safeNext } from "../lib/redirect.tsx";
import { startSession } from "../lib/session.ts";
import { useSessionNotice, type SessionNotice } from "../lib/session-notice.ts";
import { useMe } from "../lib/use-me.ts";
import { autofillAvailable, cancelPasskeyCeremony, getPasskey, passkeyBrowserError, passkeyCancelled, passkeysSupported } from "../lib/passkey.ts";
import { trpc, trpcClient } from "../trpc.ts";

type Errors = { email?: string; password?: string };

export default function SignInPage() {
  const { search } = useLocation();
  // `?next=` only ever leads to a path on this site (no `//host`, `/\host`, `https:`).
  const next = safeNext(new URLSearchParams(search).get("next"));
  const me = useMe();

  if (me.isPending) return <AuthCardSkeleton />;
  // Already signed in: go straight on.
  if (me.data) return <Redirect to={next} />;
  return <SignInForm next={next} />;
}

function SignInForm({ next }: { next: string }) {
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const signIn = useMutation(trpc.auth.signIn.mutationOptions());
  const passkey = usePasskeySignIn();
  // Configured OAuth providers; none (or no answer) simply means no buttons.
  const providers = useQuery(trpc.auth.providers.queryOptions());
  const registration = useQuery(trpc.settings.public.queryOptions());
  const branding = useBranding();

  function showFieldErrors(found: Errors) {
    setErrors(found);
    (found.email ? emailRef : passwordRef).current?.focus();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {
      email: email.trim() ? undefined : "Enter your email address.",
      password: password ? undefined : "Enter your password.",
    };
    if (found.email || found.password) {
      signIn.reset();
      showFieldErrors(found);
      return;
    }
    setErrors({});
    signIn.mutate(
      { email, password, ...(next !== "/" && { redirectTo: next }) },
      {
        onSuccess: ({ user, redirectTo }) => {
          startSession(user);
          navigate(safeNext(redirectTo, next), { replace: true });
        },
        onError: (error) => {
          const fields = getFieldErrors(error);
          if (fields.email || fields.password) showFieldErrors({ email: fields.email, password: fields.password });
        },
      },
    );
  }

  const reason = signIn.error ? getErrorReason(signIn.error) : undefined;
  const formError = signIn.error && reason !== "VALIDATION_FAILED" ? signIn.error : null;
  // Why they are here, if they were signed in a moment ago (lib/session-notice.ts).
  const notice = useSessionNotice();
  // Signed in with a passkey (the button or the autofill): on to `next`, as a password sign-in goes.
  if (passkey.signedIn) return <Redirect to={next} />;
  const passkeyError = passkey.error;

  return (
    <AuthCard
      title={branding?.workspaceName ? `Sign in to ${branding.workspaceName}` : "Sign in"}
      description={
        next === "/"
          ? passkey.supported
            ? "Welcome back. Use your email and password, or a passkey."
            : "Welcome back. Use your account's email and password."
          : "Please sign in to continue. You'll go straight back to the page you were opening."
      }
      footer={
        // Until the mode is known, say nothing rather than something that may be wrong.
        registration.data?.registration === "INVITE_ONLY"
          ? "New here? Accounts are by invitation: open the link in your invitation email to create yours."
          : undefined
      }
    >
      <form noValidate onSubmit={submit} className="space-y-5" aria-label="Sign in">
        {notice && !formError && <SessionNoticeAlert notice={notice} />}
        {passkeyError && !formError && (
          <Alert tone="error" role="alert" title="Couldn't sign you in with a passkey">
            {passkeyError}
          </Alert>
        )}
        {formError && (
          <Alert
            tone={reason === "RATE_LIMITED" ? "warning" : "error"}
            role="alert"
            title={reason === "INVALID_CREDENTIALS" ? "Couldn't sign you in" : undefined}
          >
            {reason === "INVALID_CREDENTIALS"
              ? "That email and password don't match an account. Check both and try again."
              : getErrorMessage(formError)}
          </Alert>
        )}
        <EmailField
          ref={emailRef}
          value={email}
          // "webauthn": the browser offers this site's passkeys among the field's suggestions.
          autoComplete="username webauthn"
          onChange={(event) => {
            setEmail(event.target.value);
            if (errors.email) setErrors((e) => ({ ...e, email: undefined }));
          }}
          error={errors.email}
        />
        <PasswordField
          ref={passwordRef}
          name="password"
          labelAction={
            <Link
              to="/forgot-password"
              state={{ email: email.trim() }}
              className="text-sm font-medium text-accent-700 hover:underline"
            >
              Forgot password?
            </Link>
          }
          value={password}
          onValueChange={(value) => {
            setPassword(value);
            if (errors.password) setErrors((e) => ({ ...e, password: undefined }));
          }}
          error={errors.password}
        />
        <Button type="submit" className="w-full" loading={signIn.isPending}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {passkey.supported && (
        <Button type="button" variant="secondary" className="mt-3 w-full" loading={passkey.pending} onClick={() => void passkey.start()}>
          {!passkey.pending && <KeyIcon />}
          Sign in with a passkey
        </Button>
      )}
      <ProviderButtons
        className="mt-6"
        providers={providers.data ?? []}
        // The server checks `redirectTo` again (a path on this site) and comes back there signed in.
        href={(id) => providerStartUrl(id, { redirectTo: next === "/" ? undefined : next })}
      />
      {registration.data?.registration === "OPEN" && (
        <p className="mt-6 text-center text-sm text-gray-600">
          New here?{" "}
          <Link to="/sign-up" className="font-medium text-accent-700 hover:underline">
            Create an account
          </Link>
        </p>
      )}
    </AuthCard>
  );
}

function SessionNoticeAlert({ notice }: { notice: SessionNotice }) {
  return notice === "signed-out" ? (
    <Alert tone="success" role="status" title="You've been signed out" />
  ) : (
    <Alert tone="warning" role="status" title="Your session ended">
      You were signed out from another device, or your session expired. Sign in again to continue.
    </Alert>
  );
}

/** A key: a passkey, as the browsers' own prompts show it. */
function KeyIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true" className="size-5">
      <path
        strokeLinecap="round"
        strokeLinejoin="round"
        d="M15.75 5.25a3 3 0 0 1 3 3m3 0a6 6 0 0 1-7.029 5.912c-.563-.097-1.159.026-1.563.43L10.5 17.25H8.25v2.25H6v2.25H2.25v-2.818c0-.597.237-1.17.659-1.591l6.499-6.499c.404-.404.527-1 .43-1.563A6 6 0 1 1 21.75 8.25Z"
      />
    </svg>
  );
}

/**
 * One passkey sign-in: options, the browser's prompt (or its autofill), the answer checked.
 * Signed in, `startSession` puts the user in the cache.
 */
async function passkeyCeremony(autofill: boolean, onAnswer: () => void): Promise<void> {
  const { attemptId, options } = await trpcClient.passkey.signInOptions.mutate();
  const response = await getPasskey(options, autofill);
  onAnswer();
  const { user } = await trpcClient.passkey.signIn.mutate({ attemptId, response });
  startSession(user);
}

/** A challenge lives 5 minutes: the waiting autofill request is made anew before it expires. */
const AUTOFILL_RENEW_MS = 4 * 60 * 1000;

/**
 * Passkey sign-in, two ways: the button (the browser's passkey prompt), and the browser's
 * autofill (conditional mediation): a request that waits, from the page's load, for the person
 * to pick a passkey in the email field's suggestions. Starting the button's ceremony ends the
 * waiting one (the library aborts it); when the button's ends, the waiting one starts again.
 */
function usePasskeySignIn() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const [signedIn, setSignedIn] = useState(false);
  const supported = useState(passkeysSupported)[0];

  function failed(caught: unknown) {
    setPending(false);
    if (passkeyCancelled(caught)) return;
    setError(passkeyBrowserError(caught) ?? getErrorMessage(caught));
  }

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function wait() {
      if (stopped || !(await autofillAvailable())) return;
      timer = setTimeout(() => void wait(), AUTOFILL_RENEW_MS);
      // Replaced (the button, the renewal) or left: nothing to say. A real answer that fails is said.
      passkeyCeremony(true, () => setPending(true)).then(() => setSignedIn(true), (caught: unknown) => {
        if (stopped || passkeyCancelled(caught)) return;
        failed(caught);
        setRound((r) => r + 1);
      });
    }
    void wait();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [round]);

  // Leaving the page ends the waiting request, so no prompt outlives it.
  useEffect(() => cancelPasskeyCeremony, []);

  async function start() {
    setError(null);
    setPending(true);
    try {
      await passkeyCeremony(false, () => undefined);
      setSignedIn(true);
    } catch (caught) {
      failed(caught);
      setRound((r) => r + 1);
    }
  }

  return { supported, pending, error, start, signedIn };
}
