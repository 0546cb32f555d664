import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { PASSWORD_MIN, passwordLength } from "@invite/schemas";
import { AuthCard } from "../components/auth-card.tsx";
import { PasswordField } from "../components/password-field.tsx";
import { FormAlert } from "../components/form-alert.tsx";
import { Button, buttonClassName } from "../components/ui/button.tsx";
import { toast } from "../components/ui/toaster.tsx";
import { getErrorMessage, getErrorReason, getFieldErrors } from "../lib/errors.ts";
import { startSession } from "../lib/session.ts";
import { trpc } from "../trpc.ts";

/**
 * `/reset-password/:token`, from the emailed link: a new password, then signed in here and
 * signed out everywhere else. Opening the page spends nothing; only saving does.
 */
export default function ResetPasswordPage() {
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const passwordRef = useRef<HTMLInputElement>(null);
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());

  function showError(message: string) {
    setError(message);
    passwordRef.current?.focus();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (passwordLength(password) < PASSWORD_MIN) return showError(`Use at least ${PASSWORD_MIN} characters.`);
    setError(undefined);
    reset.mutate(
      { token, password },
      {
        onSuccess: ({ user }) => {
          startSession(user);
          toast.success("Your password is changed", { description: "You're signed in here and signed out everywhere else." });
          navigate("/", { replace: true });
        },
        onError: (failure) => {
          const beside =
            getErrorReason(failure) === "WEAK_PASSWORD" ? getErrorMessage(failure) : getFieldErrors(failure).password;
          if (beside) showError(beside);
        },
      },
    );
  }

  const reason = reset.error ? getErrorReason(reset.error) : undefined;
  if (reason === "RESET_LINK_INVALID") {
    return (
      <AuthCard eyebrow="Reset your password" title="This link no longer works">
        <p className="text-sm text-gray-600" role="alert">
          Reset links work once, for an hour, and only the newest one you asked for. Ask for a new link and use it from
          the email that arrives.
        </p>
        <Link to="/forgot-password" className={buttonClassName({ variant: "primary", className: "mt-6 w-full" })}>
          Ask for a new link
        </Link>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      eyebrow="Reset your password"
      title="Choose a new password"
      description="You'll be signed in here, and signed out on every other device."
    >
      <form noValidate onSubmit={submit} className="space-y-5" aria-label="Choose a new password">
        <FormAlert error={reset.error} besideFields={["WEAK_PASSWORD", "VALIDATION_FAILED"]} />
        <PasswordField
          ref={passwordRef}
          label="New password"
          name="password"
          meter
          autoFocus
          value={password}
          onValueChange={(value) => {
            setPassword(value);
            if (error) setError(undefined);
          }}
          error={error}
        />
        <Button type="submit" className="w-full" loading={reset.isPending}>
          {reset.isPending ? "Saving…" : "Save password and sign in"}
        </Button>
      </form>
    </AuthCard>
  );
}
