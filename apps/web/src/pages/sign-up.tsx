import { useMutation, useQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { AccountFields } from "../components/account-fields.tsx";
import { AuthCard, AuthCardSkeleton } from "../components/auth-card.tsx";
import { Alert } from "../components/ui/alert.tsx";
import { Button, buttonClassName } from "../components/ui/button.tsx";
import { toast } from "../components/ui/toaster.tsx";
import { getErrorMessage } from "../lib/errors.ts";
import { startSession } from "../lib/session.ts";
import { isFieldFailure, useAccountForm } from "../lib/use-account-form.ts";
import { trpc } from "../trpc.ts";

/**
 * `/sign-up`: public sign-up, which exists only while an admin has set registration to
 * OPEN. It makes a member account; an invitation (and its role) is only claimed by its link.
 */
export default function SignUpPage() {
  const settings = useQuery(trpc.settings.public.queryOptions());
  if (settings.isPending) return <AuthCardSkeleton />;
  if (settings.data?.registration !== "OPEN") return <InvitationOnly />;
  return <SignUpForm />;
}

function InvitationOnly() {
  return (
    <AuthCard title="Sign-up is by invitation" eyebrow="Create an account">
      <p className="text-sm text-gray-600">
        This workspace only admits people an administrator has invited. If you were invited, open the link in your
        invitation email. Otherwise, ask an administrator for an invitation.
      </p>
      <Link to="/sign-in" className={buttonClassName({ variant: "secondary", className: "mt-6 w-full" })}>
        I already have an account
      </Link>
    </AuthCard>
  );
}

function SignUpForm() {
  const navigate = useNavigate();
  const form = useAccountForm();
  const { values, validate, showServerError } = form;
  const { email, name, password } = values;
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!validate()) return signUp.reset();
    signUp.mutate(
      { email, name, password },
      {
        onSuccess: ({ user }) => {
          startSession(user);
          toast.success(`Welcome, ${user.name}.`);
          navigate("/", { replace: true });
        },
        onError: (error) => showServerError(error, "This email already has an account. Sign in instead."),
      },
    );
  }

  return (
    <AuthCard eyebrow="Create an account" title="Join Invitations" description="Sign-up is open. You'll join as a member.">
      <form noValidate onSubmit={submit} className="space-y-5" aria-label="Create an account">
        {signUp.error && !isFieldFailure(signUp.error) && (
          <Alert tone="error" role="alert">
            {getErrorMessage(signUp.error)}
          </Alert>
        )}
        <AccountFields form={form} />
        <Button type="submit" className="w-full" loading={signUp.isPending}>
          {signUp.isPending ? "Creating your account…" : "Create account"}
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-gray-600">
        Already have an account?{" "}
        <Link to="/sign-in" className="font-medium text-accent-700 hover:underline">
          Sign in
        </Link>
      </p>
    </AuthCard>
  );
}
