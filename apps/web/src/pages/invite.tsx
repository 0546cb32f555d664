import { PASSWORD_MAX, PASSWORD_MIN, passwordLength } from "@invite/schemas";
import { TRPCClientError } from "@trpc/client";
import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { InviteOutcome as Outcome, InvitePreview as Preview } from "../components/invitations/invite-types.ts";
import { PasswordField } from "../components/password-field.tsx";
import { Alert } from "../components/ui/alert.tsx";
import { Button } from "../components/ui/button.tsx";
import { Input, Label } from "../components/ui/field.tsx";
import { Skeleton } from "../components/ui/spinner.tsx";
import { brandName, fetchBranding, publishBranding } from "../lib/branding.ts";
import { useQueryState } from "../lib/query-state.ts";
import { goAfterJoining } from "../lib/redirect.tsx";
import { formatDistance, formatWhen } from "../lib/relative-time.ts";
import type { Me } from "../lib/session.ts";
import { queryClient, trpc, trpcClient } from "../trpc.ts";

/*
 * The invitee's first visit: `/invite/:token`. This page is in the entry chunk (budget:
 * 120 kB on the wire until usable), so it reads the cache with `useQueryState` and calls
 * `trpcClient` directly instead of pulling in `useQuery`/`useMutation`, and it imports
 * nothing with zod in it. The token is part of the path: it goes to the API and nowhere
 * else (the server sends `Referrer-Policy: no-referrer`), and it is never logged.
 */

// Dead ends (expired, used, withdrawn, unknown, offline) are rare: their own small chunk.
const outcomeModule = () => import("../components/invitations/invite-outcome.tsx");
const OutcomePage = lazy(async () => ({ default: (await outcomeModule()).InviteOutcomePage }));
const LoadError = lazy(async () => ({ default: (await outcomeModule()).InviteLoadError }));
// "Continue with GitHub": only when providers are configured, and it waits for their names anyway.
const InviteProviders = lazy(() => import("../components/invitations/invite-providers.tsx"));

const outcomeByReason: Record<string, Outcome> = {
  INVITATION_NOT_FOUND: "NOT_FOUND",
  // A token longer than any we issue (a link with text pasted after it) fails validation.
  VALIDATION_FAILED: "NOT_FOUND",
  INVITATION_EXPIRED: "EXPIRED",
  INVITATION_USED: "ACCEPTED",
  INVITATION_REVOKED: "REVOKED",
};

const roleLabel = { ADMIN: "Admin", MEMBER: "Member" } as const;

function reasonOf(error: unknown): string | undefined {
  const reason: unknown = error instanceof TRPCClientError ? error.data?.reason : undefined;
  return typeof reason === "string" ? reason : undefined;
}

export default function InvitePage() {
  const { token = "" } = useParams();
  const queryKey = trpc.invitation.preview.queryKey({ token });
  const preview = useQueryState<Preview>(queryKey);
  // An accept attempt can learn that the link died meanwhile (used in another tab, revoked).
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    void queryClient.prefetchQuery(trpc.invitation.preview.queryOptions({ token }));
  }, [token]);

  const reason = preview?.error ? reasonOf(preview.error) : undefined;
  const data = preview?.data;
  const failed = preview?.status === "error";
  // The preview carries the workspace's branding (one request, not two); painted before the
  // form shows. A dead link carries none: ask for it then.
  useLayoutEffect(() => {
    if (data) publishBranding(data.branding);
    else if (failed) fetchBranding();
  }, [data, failed]);
  const shown = outcome ?? (reason && outcomeByReason[reason]) ?? (data && data.status !== "PENDING" ? data.status : null);

  if (data && !shown) return <AcceptInvitation token={token} preview={data} onOutcome={setOutcome} />;
  return (
    <Suspense fallback={<InviteSkeleton />}>
      {shown ? (
        <OutcomePage outcome={shown} preview={data} />
      ) : preview?.status === "error" ? (
        <LoadError
          rateLimited={reason === "RATE_LIMITED"}
          retrying={preview.fetchStatus === "fetching"}
          onRetry={() => void queryClient.refetchQueries({ queryKey })}
        />
      ) : (
        <InviteSkeleton />
      )}
    </Suspense>
  );
}

type FormErrors = { password?: string; form?: ReactNode };

function AcceptInvitation({
  token,
  preview,
  onOutcome,
}: {
  token: string;
  preview: Preview;
  onOutcome: (outcome: Outcome) => void;
}) {
  const navigate = useNavigate();
  // When the page opened: "expires in 47 hours" needn't tick while someone types a password.
  const [now] = useState(Date.now);
  const me = useQueryState<Me | null>(trpc.auth.me.queryKey())?.data;
  // The name the inviter gave, if any: theirs to keep or change.
  const [name, setName] = useState(preview.name ?? "");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FormErrors>({});
  const [pending, setPending] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const role = roleLabel[preview.role];
  const { workspaceName, logoUrl } = preview.branding;

  function fail(password: string) {
    setErrors({ password });
    passwordRef.current?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const length = passwordLength(password);
    if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
      return fail(
        !password
          ? "Choose a password."
          : length < PASSWORD_MIN
            ? `Use at least ${PASSWORD_MIN} characters.`
            : `Use at most ${PASSWORD_MAX} characters.`,
      );
    }
    setErrors({});
    setPending(true);
    try {
      const trimmed = name.trim();
      signedIn(await trpcClient.invitation.accept.mutate({ token, password, ...(trimmed && { name: trimmed }) }));
    } catch (error) {
      setPending(false);
      failed(error);
    }
  }

  /** "Use a passkey": its code (and the WebAuthn library) loads on this click only. */
  async function acceptWithPasskey() {
    if (pending) return;
    setErrors({});
    setPending(true);
    try {
      const result = await (await import("../lib/passkey-accept.ts")).acceptWithPasskey(token, name.trim());
      if ("browserRefused" in result) {
        setPending(false);
        return setErrors({ form: result.browserRefused });
      }
      signedIn(result);
    } catch (error) {
      setPending(false);
      failed(error);
    }
  }

  function signedIn({ user, redirectTo }: { user: Me; redirectTo: string }) {
    goAfterJoining(redirectTo, navigate);
    // As `startSession` (lib/session.ts) does, without the `useQuery` that module brings:
    // forget what the signed-out visitor (or a previous account) had cached. This page's
    // own preview stays until the next page has loaded and replaced it.
    queryClient.removeQueries({ predicate: (query) => query.state.data !== preview });
    queryClient.setQueryData(trpc.auth.me.queryKey(), user);
    void queryClient.invalidateQueries(trpc.auth.me.queryFilter());
    void import("../components/ui/toaster.tsx").then(({ toast }) => toast.success(`Welcome, ${user.name}! Your account is ready.`));
  }

  function failed(error: unknown) {
    const reason = reasonOf(error);
    const outcome = reason && outcomeByReason[reason];
    if (outcome) return onOutcome(outcome);
    const message = error instanceof TRPCClientError && reason && error.message !== reason ? error.message : "";
    if (reason === "WEAK_PASSWORD") return fail(message || "Choose a stronger password.");
    setErrors({
      form:
        reason === "ALREADY_MEMBER" ? (
          <>
            An account for {preview.email} already exists.{" "}
            <Link to="/sign-in" className="font-semibold underline underline-offset-2">
              Sign in instead
            </Link>
            .
          </>
        ) : reason === "RATE_LIMITED" ? (
          message || "Too many attempts. Wait a minute, then try again."
        ) : reason ? (
          message || "That didn't work. Try again."
        ) : (
          "We couldn't reach the server. Check your connection and try again; nothing was created."
        ),
    });
  }

  const providers = preview.methods.filter((method) => method !== "password");
  // WebAuthn is in every current browser; an old one simply isn't offered the button.
  const [canUsePasskey] = useState(() => typeof window.PublicKeyCredential === "function");

  return (
    <div className="mx-auto w-full max-w-md sm:pt-4">
      <title>{`Join as ${role} · ${brandName(preview.branding)}`}</title>
      {logoUrl && <img src={logoUrl} alt="" className="mb-5 h-12 w-auto max-w-48 object-contain sm:mx-auto" />}
      <div className="mb-6 sm:text-center">
        <p className="mb-2 text-sm font-semibold text-accent-700">You're invited</p>
        <h1 className="text-2xl font-semibold tracking-tight text-balance text-gray-900 sm:text-3xl">
          <strong className="font-semibold">{preview.inviterName}</strong> invited you to join{" "}
          {workspaceName && (
            <>
              <strong className="font-semibold">{workspaceName}</strong>{" "}
            </>
          )}
          as <strong className="font-semibold text-accent-700">{role}</strong>
        </h1>
        <p className="mt-2 text-base text-pretty text-gray-600">Set a password to create your account and sign in.</p>
      </div>

      <div className="rounded-xl border border-gray-200 bg-white p-5 shadow-sm sm:p-8">
        {preview.message && (
          <figure className="mb-6 rounded-lg border-l-4 border-accent-300 bg-accent-50/60 px-4 py-3">
            <blockquote className="text-sm leading-relaxed break-words whitespace-pre-line text-gray-800">
              “{preview.message}”
            </blockquote>
            <figcaption className="mt-1.5 text-sm text-gray-600">— {preview.inviterName}</figcaption>
          </figure>
        )}
        {me && (
          <Alert className="mb-5">
            You're signed in as {me.email}. Accepting signs you in to the new account instead.
          </Alert>
        )}
        <form noValidate onSubmit={(event) => void submit(event)} className="space-y-5" aria-label="Accept invitation">
          {errors.form && (
            <Alert tone="error" role="alert">
              {errors.form}
            </Alert>
          )}
          <div className="space-y-1.5">
            <Label htmlFor="invite-email">Email</Label>
            <Input
              id="invite-email"
              name="email"
              type="email"
              autoComplete="username"
              value={preview.email}
              readOnly
              aria-describedby="invite-email-hint"
              className="read-only:bg-gray-50 read-only:text-gray-700"
            />
            <p id="invite-email-hint" className="text-sm text-gray-600">
              The invitation was sent to this address; it will be your sign-in email.
            </p>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="invite-name">
              Your name <span className="font-normal text-gray-500">(optional)</span>
            </Label>
            <Input
              id="invite-name"
              name="name"
              autoComplete="name"
              maxLength={100}
              value={name}
              onChange={(event) => setName(event.target.value)}
              aria-describedby="invite-name-hint"
            />
            <p id="invite-name-hint" className="text-sm text-gray-600">
              {preview.name
                ? "How you'll appear to others; change it if it isn't right."
                : "How you'll appear to others. Leave it blank to use the start of your email."}
            </p>
          </div>
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
            error={errors.password && <span role="alert">{errors.password}</span>}
          />
          <Button type="submit" className="w-full" loading={pending}>
            {pending ? "Creating your account…" : "Accept invitation & sign in"}
          </Button>
        </form>
        {/* No password at all: a passkey for the invited email (this page's budget: its code loads on the click). */}
        {canUsePasskey && (
          <Button type="button" variant="secondary" className="mt-3 w-full" disabled={pending} onClick={() => void acceptWithPasskey()}>
            Use a passkey
          </Button>
        )}
        {providers.length > 0 && (
          <Suspense fallback={<ProvidersSkeleton count={providers.length} />}>
            <InviteProviders token={token} methods={providers} />
          </Suspense>
        )}
      </div>
      <p className="mt-6 text-sm text-pretty text-gray-600 sm:text-center">
        This invitation expires{" "}
        <time dateTime={preview.expiresAt.toISOString()} className="font-medium text-gray-900">
          {formatDistance(preview.expiresAt, now)}
        </time>{" "}
        ({formatWhen(preview.expiresAt)}).
      </p>
    </div>
  );
}

/** The accept card's outline while the preview loads (auth-card.tsx has one, but importing it
 * would put the sign-in page's card into this entry chunk too). */
function InviteSkeleton() {
  return (
    <div role="status" className="mx-auto w-full max-w-md sm:pt-4">
      <span className="sr-only">Loading your invitation…</span>
      <Skeleton className="mb-3 h-4 w-28 sm:mx-auto" />
      <Skeleton className="mb-2 h-8 w-full" />
      <Skeleton className="mb-6 h-4 w-64 max-w-full sm:mx-auto" />
      <Skeleton className="h-96 w-full rounded-xl" />
    </div>
  );
}

/** Where the provider buttons will be, while their code and names load. */
function ProvidersSkeleton({ count }: { count: number }) {
  return (
    <div className="mt-6 space-y-2" aria-hidden="true">
      <Skeleton className="mx-auto mb-4 h-3 w-32" />
      {Array.from({ length: count }, (_, i) => (
        <Skeleton key={i} className="h-10 w-full" />
      ))}
    </div>
  );
}
