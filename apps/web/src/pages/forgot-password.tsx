import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Link, useLocation } from "react-router";
import { AuthCard } from "../components/auth-card.tsx";
import { FormAlert } from "../components/form-alert.tsx";
import { Button, buttonClassName } from "../components/ui/button.tsx";
import { EmailField } from "../components/email-field.tsx";
import { getFieldErrors } from "../lib/errors.ts";
import { trpc } from "../trpc.ts";

/**
 * `/forgot-password`: asks for a reset link. The answer is the same whether or not the email
 * has an account, so the page never says which; it says what to expect instead.
 */
export default function ForgotPasswordPage() {
  const { state } = useLocation();
  const [email, setEmail] = useState(typeof state?.email === "string" ? state.email : "");
  const [error, setError] = useState<string>();
  const emailRef = useRef<HTMLInputElement>(null);
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!email.trim()) {
      setError("Enter your email address.");
      emailRef.current?.focus();
      return;
    }
    setError(undefined);
    request.mutate(
      { email },
      {
        onError: (failure) => {
          const field = getFieldErrors(failure).email;
          if (field) {
            setError(field);
            emailRef.current?.focus();
          }
        },
      },
    );
  }

  if (request.isSuccess) {
    return (
      <AuthCard eyebrow="Reset your password" title="Check your email">
        <p className="text-sm text-gray-600" role="status">
          If <strong className="font-medium text-gray-900">{email.trim()}</strong> has an account, we've sent it a link to
          choose a new password. The link works once, for an hour. Nothing there? Check your spam folder, or ask again.
        </p>
        <div className="mt-6 grid gap-3 sm:grid-cols-2">
          <Button variant="secondary" onClick={() => request.reset()}>
            Use another email
          </Button>
          <Link to="/sign-in" className={buttonClassName({ variant: "primary" })}>
            Back to sign in
          </Link>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      eyebrow="Reset your password"
      title="Forgot your password?"
      description="Enter your account's email and we'll send you a link to choose a new one."
    >
      <form noValidate onSubmit={submit} className="space-y-5" aria-label="Ask for a password reset link">
        <FormAlert error={request.error} besideFields={["VALIDATION_FAILED"]} />
        <EmailField
          ref={emailRef}
          value={email}
          onChange={(event) => {
            setEmail(event.target.value);
            if (error) setError(undefined);
          }}
          error={error}
        />
        <Button type="submit" className="w-full" loading={request.isPending}>
          {request.isPending ? "Sending…" : "Send reset link"}
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-gray-600">
        Remembered it?{" "}
        <Link to="/sign-in" className="font-medium text-accent-700 hover:underline">
          Sign in
        </Link>
      </p>
    </AuthCard>
  );
}
