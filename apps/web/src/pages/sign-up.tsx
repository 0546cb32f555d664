import { isEmailDomainAllowed } from "@invite/schemas";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { AuthCard, AuthCardSkeleton } from "../components/auth-card.tsx";
import { EmailField } from "../components/email-field.tsx";
import { FormAlert } from "../components/form-alert.tsx";
import { ProviderButtons, providerStartUrl } from "../components/provider-buttons.tsx";
import { Button, buttonClassName } from "../components/ui/button.tsx";
import { brandName, useBranding } from "../lib/branding.ts";
import { getFieldErrors } from "../lib/errors.ts";
import { trpc } from "../trpc.ts";

/**
 * `/sign-up`: public sign-up, which exists only while an admin has set registration to OPEN.
 * It asks only for the email and sends a link there; the name and password come once the
 * link is opened (`/sign-up/:token`, sign-up-link.tsx), so no account exists for an address
 * its owner hasn't proven. The answer is the same for every address, and the page says what
 * to expect rather than which case it was.
 */
export default function SignUpPage() {
  const settings = useQuery(trpc.settings.public.queryOptions());
  if (settings.isPending) return <AuthCardSkeleton />;
  if (settings.data?.registration !== "OPEN") return <InvitationOnly />;
  return <SignUpForm domains={settings.data.signUpDomains} />;
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

/** "@example.com", "@example.com or @example.org", "@a.com, @b.com or @c.com". */
export function domainList(domains: readonly string[]): string {
  const at = domains.map((domain) => `@${domain}`);
  return at.length <= 1 ? (at[0] ?? "") : `${at.slice(0, -1).join(", ")} or ${at.at(-1)}`;
}

function SignUpForm({ domains }: { domains: string[] }) {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string>();
  const emailRef = useRef<HTMLInputElement>(null);
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [sentTo, setSentTo] = useState<string | null>(null);
  const providers = useQuery(trpc.auth.providers.queryOptions());
  const branding = useBranding();

  function showError(message: string) {
    setError(message);
    emailRef.current?.focus();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = email.trim().toLowerCase();
    if (!typed) return showError("Enter your email address.");
    // The server checks again; saying it here saves a round trip and names the domains.
    if (typed.includes("@") && !isEmailDomainAllowed(typed, domains)) {
      return showError(`Use an address at ${domainList(domains)}.`);
    }
    setError(undefined);
    signUp.mutate(
      { email },
      {
        onSuccess: () => setSentTo(email.trim()),
        onError: (failure) => {
          const field = getFieldErrors(failure).email;
          if (field) showError(field);
        },
      },
    );
  }

  if (sentTo) {
    return (
      <CheckYourInbox
        email={sentTo}
        onOther={() => {
          signUp.reset();
          setSentTo(null);
        }}
      />
    );
  }

  return (
    <AuthCard
      eyebrow="Create an account"
      title={`Join ${brandName(branding)}`}
      description={
        domains.length
          ? `Sign-up is open to addresses at ${domainList(domains)}. We'll email you a link to finish.`
          : "Sign-up is open. Enter your email and we'll send you a link to finish; you'll join as a member."
      }
    >
      <form noValidate onSubmit={submit} className="space-y-5" aria-label="Create an account">
        <FormAlert error={signUp.error} besideFields={["VALIDATION_FAILED"]} />
        <EmailField
          ref={emailRef}
          autoComplete="email"
          autoFocus
          value={email}
          onChange={(event) => {
            setEmail(event.target.value);
            if (error) setError(undefined);
          }}
          error={error}
        />
        <Button type="submit" className="w-full" loading={signUp.isPending}>
          {signUp.isPending ? "Sending…" : "Email me a sign-up link"}
        </Button>
      </form>
      <ProviderButtons className="mt-6" providers={providers.data ?? []} href={(id) => providerStartUrl(id)} />
      <p className="mt-6 text-center text-sm text-gray-600">
        Already have an account?{" "}
        <Link to="/sign-in" className="font-medium text-accent-700 hover:underline">
          Sign in
        </Link>
      </p>
    </AuthCard>
  );
}

/** After asking: the same words for every address, since the page can't know (and mustn't say) which case it was. */
export function CheckYourInbox({ email, onOther }: { email: string; onOther?: () => void }) {
  const again = useMutation(trpc.auth.signUp.mutationOptions());
  return (
    <AuthCard eyebrow="Create an account" title="Check your inbox">
      <div className="space-y-3 text-sm text-gray-600" role="status">
        <p>
          We've sent a link to <strong className="font-medium break-words text-gray-900">{email}</strong>. Open it to
          choose your name and password. It works once, for an hour.
        </p>
        <p>
          If this address already has an account, or an invitation waiting, the email says what to do instead.
          Nothing there after a few minutes? Check your spam folder, or send it again.
        </p>
        {again.isSuccess && <p className="font-medium text-gray-900">Sent again.</p>}
      </div>
      {again.error ? (
        <div className="mt-5">
          <FormAlert error={again.error} />
        </div>
      ) : null}
      <div className={`mt-6 grid gap-3 ${onOther ? "sm:grid-cols-2" : ""}`}>
        {onOther && (
          <Button variant="secondary" onClick={onOther}>
            Use another email
          </Button>
        )}
        <Button variant="secondary" loading={again.isPending} onClick={() => again.mutate({ email })}>
          Send it again
        </Button>
      </div>
      <Link to="/sign-in" className={buttonClassName({ variant: "ghost", className: "mt-3 w-full" })}>
        Back to sign in
      </Link>
    </AuthCard>
  );
}
