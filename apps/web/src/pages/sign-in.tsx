import { useMutation, useQuery } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
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
import { trpc } from "../trpc.ts";

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

  return (
    <AuthCard
      title={branding?.workspaceName ? `Sign in to ${branding.workspaceName}` : "Sign in"}
      description={
        next === "/"
          ? "Welcome back. Use your account's email and password."
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
