import { useMutation, useQuery } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { PASSWORD_MIN, passwordLength } from "@invite/schemas";
import { AuthCard, AuthCardSkeleton } from "../components/auth-card.tsx";
import { PasswordField } from "../components/password-field.tsx";
import { Alert } from "../components/ui/alert.tsx";
import { Button, buttonClassName } from "../components/ui/button.tsx";
import { TextField } from "../components/ui/field.tsx";
import { toast } from "../components/ui/toaster.tsx";
import { getDetailedErrorMessage, getErrorReason, getFieldErrors } from "../lib/errors.ts";
import { startSession } from "../lib/session.ts";
import { trpc } from "../trpc.ts";

type Errors = { email?: string; name?: string; password?: string };

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
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());

  function showErrors(found: Errors) {
    setErrors(found);
    const first = found.email ? emailRef : found.name ? nameRef : found.password ? passwordRef : null;
    first?.current?.focus();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {
      email: email.trim() ? undefined : "Enter your email address.",
      name: name.trim() ? undefined : "Enter your name.",
      password: passwordLength(password) >= PASSWORD_MIN ? undefined : `Use at least ${PASSWORD_MIN} characters.`,
    };
    if (found.email || found.name || found.password) return showErrors(found);
    setErrors({});
    signUp.mutate(
      { email, name, password },
      {
        onSuccess: ({ user }) => {
          startSession(user);
          toast.success(`Welcome, ${user.name}.`);
          navigate("/", { replace: true });
        },
        onError: (error) => {
          switch (getErrorReason(error)) {
            case "ALREADY_MEMBER":
              return showErrors({ email: "This email already has an account. Sign in instead." });
            case "WEAK_PASSWORD":
              return showErrors({ password: getDetailedErrorMessage(error) });
            case "VALIDATION_FAILED": {
              const fields = getFieldErrors(error);
              return showErrors({ email: fields.email, name: fields.name, password: fields.password });
            }
          }
        },
      },
    );
  }

  const reason = signUp.error ? getErrorReason(signUp.error) : undefined;
  const handledInline = reason === "ALREADY_MEMBER" || reason === "WEAK_PASSWORD" || reason === "VALIDATION_FAILED";

  return (
    <AuthCard eyebrow="Create an account" title="Join Invitations" description="Sign-up is open. You'll join as a member.">
      <form noValidate onSubmit={submit} className="space-y-5" aria-label="Create an account">
        {signUp.error && !handledInline && (
          <Alert tone="error" role="alert">
            {getDetailedErrorMessage(signUp.error)}
          </Alert>
        )}
        <TextField
          ref={emailRef}
          label="Email"
          name="email"
          type="email"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={errors.email}
        />
        <TextField
          ref={nameRef}
          label="Name"
          name="name"
          autoComplete="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
        />
        <PasswordField
          ref={passwordRef}
          name="password"
          meter
          related={[email, name]}
          value={password}
          onValueChange={setPassword}
          error={errors.password}
        />
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
