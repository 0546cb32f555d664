import { useMutation, useQuery } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { PASSWORD_MIN, passwordLength } from "@invite/schemas";
import { AuthCard, AuthCardSkeleton } from "../components/auth-card.tsx";
import { LinkOutcome, type LinkOutcomeKind } from "../components/link-outcome.tsx";
import { LoadError } from "../components/load-error.tsx";
import { PasswordField } from "../components/password-field.tsx";
import { FormAlert } from "../components/form-alert.tsx";
import { Button, buttonClassName } from "../components/ui/button.tsx";
import { toast } from "../components/ui/toaster.tsx";
import { getErrorMessage, getErrorReason, getFieldErrors } from "../lib/errors.ts";
import { startSession } from "../lib/session.ts";
import { trpc } from "../trpc.ts";

/**
 * `/reset-password/:token`, from the emailed link: checked as the page opens (spending
 * nothing), so a used, expired or unknown link says so before anyone types a password. A good
 * one asks for a new password; saving signs in here and signs out everywhere else.
 */
export default function ResetPasswordPage() {
  const { token = "" } = useParams();
  const preview = useQuery(trpc.auth.resetPasswordPreview.queryOptions({ token }, { staleTime: Infinity }));
  // Saving can learn that the link died meanwhile (used in another tab, a newer one asked for).
  const [dead, setDead] = useState(false);

  if (preview.isPending) return <AuthCardSkeleton />;
  const reason = preview.error ? getErrorReason(preview.error) : undefined;
  if (dead || reason === "RESET_LINK_INVALID" || reason === "VALIDATION_FAILED") return <ResetLinkOutcome kind="NOT_FOUND" />;
  if (!preview.data) {
    return (
      <AuthCard eyebrow="Reset your password" title="We couldn't open this link">
        <LoadError title="The server didn't answer" query={preview} />
      </AuthCard>
    );
  }
  if (preview.data.status === "USED") return <ResetLinkOutcome kind="USED" />;
  if (preview.data.status === "EXPIRED") return <ResetLinkOutcome kind="EXPIRED" />;
  return <NewPasswordForm token={token} email={preview.data.email} onDead={() => setDead(true)} />;
}

function NewPasswordForm({ token, email, onDead }: { token: string; email: string; onDead: () => void }) {
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
          const reason = getErrorReason(failure);
          if (reason === "RESET_LINK_INVALID") return onDead();
          const beside = reason === "WEAK_PASSWORD" ? getErrorMessage(failure) : getFieldErrors(failure).password;
          if (beside) showError(beside);
        },
      },
    );
  }

  return (
    <AuthCard
      eyebrow="Reset your password"
      title="Choose a new password"
      description={
        <>
          For <strong className="font-medium break-words text-gray-900">{email}</strong>. You'll be signed in here, and
          signed out on every other device.
        </>
      }
    >
      <form noValidate onSubmit={submit} className="space-y-5" aria-label="Choose a new password">
        <FormAlert error={reset.error} besideFields={["WEAK_PASSWORD", "VALIDATION_FAILED"]} />
        {/* For password managers: which account the new password belongs to. */}
        <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
        <PasswordField
          ref={passwordRef}
          label="New password"
          name="password"
          meter
          autoFocus
          related={[email]}
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

/** A reset link that can't be used, each with its way forward: a new link, or signing in. */
function ResetLinkOutcome({ kind }: { kind: Extract<LinkOutcomeKind, "USED" | "EXPIRED" | "NOT_FOUND"> }) {
  const askAgain = (
    <Link to="/forgot-password" className={buttonClassName({ variant: kind === "USED" ? "secondary" : "primary" })}>
      Ask for a new link
    </Link>
  );
  switch (kind) {
    case "USED":
      return (
        <LinkOutcome
          kind="USED"
          title="This reset link was already used"
          actions={
            <>
              <Link to="/sign-in" className={buttonClassName()}>
                Sign in
              </Link>
              {askAgain}
            </>
          }
        >
          <p>The password was changed with it. Reset links work once: sign in with the new password, or ask for another link.</p>
        </LinkOutcome>
      );
    case "EXPIRED":
      return (
        <LinkOutcome kind="EXPIRED" title="This reset link has expired" actions={askAgain}>
          <p>Reset links work for an hour. Ask for a new one and use it from the email that arrives.</p>
        </LinkOutcome>
      );
    case "NOT_FOUND":
      return (
        <LinkOutcome kind="NOT_FOUND" title="This reset link doesn't work" actions={askAgain}>
          <p>
            Only the newest link you asked for works: if you asked more than once, use the latest email. Otherwise,
            check you copied the whole link.
          </p>
        </LinkOutcome>
      );
  }
}
