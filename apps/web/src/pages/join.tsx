import { TRPCClientError } from "@trpc/client";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useParams } from "react-router";
import type { JoinOutcome } from "../components/invite-links/join-outcome.tsx";
import { Alert } from "../components/ui/alert.tsx";
import { Button } from "../components/ui/button.tsx";
import { FieldError, Input, Label } from "../components/ui/field.tsx";
import { Skeleton } from "../components/ui/spinner.tsx";
import { brandName, fetchBranding, publishBranding } from "../lib/branding.ts";
import { domainList, isAtDomain } from "../lib/domain-list.ts";
import { useQueryState } from "../lib/query-state.ts";
import { formatDistance, formatWhen } from "../lib/relative-time.ts";
import type { Me } from "../lib/session.ts";
import { queryClient, trpc, trpcClient } from "../trpc.ts";

/*
 * `/join/:token`: a shareable invitation link, opened by anyone it was shared with. It says
 * who shared it, for which workspace and as what (the preview spends nothing, so a chat app
 * that unfurls the link uses none of it), then asks for an email and sends a link there: the
 * email is proven before any account exists, and `/sign-up/<token>` finishes. A link that can't
 * admit anyone (revoked, expired, full, unknown) shows its own page at once.
 *
 * An invitee's first visit, like the accept page: its own small chunk on top of the entry
 * chunk, reading the cache with `useQueryState` and calling `trpcClient` directly (no
 * `useQuery`/`useMutation`, nothing with zod in it), within the accept page's budget of 120 kB
 * on the wire until usable (e2e/invite-links.spec.ts measures it). "Check your inbox", the dead
 * ends and the provider buttons load only when needed. The token goes to the API and nowhere
 * else (`Referrer-Policy: no-referrer`).
 */

type Preview = inferOutput<typeof trpc.inviteLink.preview>;

const outcomeModule = () => import("../components/invite-links/join-outcome.tsx");
const OutcomePage = lazy(async () => ({ default: (await outcomeModule()).JoinOutcomePage }));
const LoadFailed = lazy(async () => ({ default: (await outcomeModule()).JoinLoadError }));
const CheckYourEmail = lazy(async () => ({ default: (await outcomeModule()).CheckYourEmail }));
const JoinProviders = lazy(() => import("../components/invite-links/join-providers.tsx"));

/** What joining can learn about the link after the page opened: it died meanwhile. */
const outcomeByReason: Record<string, JoinOutcome> = {
  INVITE_LINK_NOT_FOUND: "NOT_FOUND",
  INVITE_LINK_REVOKED: "REVOKED",
  INVITE_LINK_EXPIRED: "EXPIRED",
  INVITE_LINK_FULL: "FULL",
};

/** A failure above the form (or under "check your inbox"): a rate limit is a warning, the rest errors. */
export type FormError = { text: string; rateLimited: boolean };

const roleLabel = { ADMIN: "Admin", MEMBER: "Member" } as const;

function reasonOf(error: unknown): string | undefined {
  const reason: unknown = error instanceof TRPCClientError ? error.data?.reason : undefined;
  return typeof reason === "string" ? reason : undefined;
}

export default function JoinPage() {
  const { token, queryKey } = useJoinToken();
  const preview = useQueryState<Preview>(queryKey);
  const [outcome, setOutcome] = useState<JoinOutcome | null>(null);

  useEffect(() => {
    void queryClient.prefetchQuery({ ...trpc.inviteLink.preview.queryOptions({ token }), staleTime: Infinity });
    // The providers' names ride in the same batched request rather than one of their own once
    // the buttons' chunk loads: a request's headers cost this page's budget ~0.7 kB.
    void queryClient.prefetchQuery(trpc.auth.providers.queryOptions());
  }, [token]);

  const data = preview?.data;
  const reason = preview?.error ? reasonOf(preview.error) : undefined;
  const failed = preview?.status === "error";
  // The preview carries the workspace's branding; an unknown link carries none: ask for it then.
  useLayoutEffect(() => {
    if (data) publishBranding(data.branding);
    else if (failed) fetchBranding();
  }, [data, failed]);

  const shown =
    outcome ??
    (reason === "INVITE_LINK_NOT_FOUND" || reason === "VALIDATION_FAILED" ? "NOT_FOUND" : null) ??
    (data && data.status !== "ACTIVE" ? data.status : null);

  if (data && !shown) return <JoinForm token={token} preview={data} onOutcome={setOutcome} />;
  return (
    <Suspense fallback={<JoinSkeleton />}>
      {shown ? (
        <OutcomePage
          outcome={shown}
          link={data && { inviterName: data.inviterName, expiresAt: data.expiresAt, workspaceName: data.branding.workspaceName }}
        />
      ) : failed ? (
        <LoadFailed
          rateLimited={reason === "RATE_LIMITED"}
          retrying={preview.fetchStatus === "fetching"}
          onRetry={() => void queryClient.refetchQueries({ queryKey })}
        />
      ) : (
        <JoinSkeleton />
      )}
    </Suspense>
  );
}

function useJoinToken() {
  const { token = "" } = useParams();
  return { token, queryKey: trpc.inviteLink.preview.queryKey({ token }) };
}

function JoinForm({ token, preview, onOutcome }: { token: string; preview: Preview; onOutcome: (outcome: JoinOutcome) => void }) {
  const [now] = useState(Date.now);
  const me = useQueryState<Me | null>(trpc.auth.me.queryKey())?.data;
  const [email, setEmail] = useState("");
  const [error, setError] = useState<ReactNode>(null);
  const [formError, setFormError] = useState<FormError | null>(null);
  const [pending, setPending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const role = roleLabel[preview.role];
  const { workspaceName, logoUrl } = preview.branding;
  const domains = preview.allowedDomains;

  function fieldError(message: ReactNode) {
    setError(message);
    emailRef.current?.focus();
  }

  async function send(address: string): Promise<boolean> {
    setPending(true);
    setFormError(null);
    try {
      await trpcClient.inviteLink.join.mutate({ token, email: address });
      return true;
    } catch (failure) {
      const reason = reasonOf(failure);
      const outcome = reason && outcomeByReason[reason];
      if (outcome) onOutcome(outcome);
      else if (reason === "EMAIL_DOMAIN_NOT_ALLOWED") fieldError(`Use an address at ${domainList(domains)}.`);
      else if (reason === "VALIDATION_FAILED") fieldError("Enter a valid email address, like name@example.com.");
      else {
        const message = failure instanceof TRPCClientError && reason && failure.message !== reason ? failure.message : "";
        setFormError({
          text: reason ? message || "That didn't work. Try again." : "We couldn't reach the server. Check your connection and try again.",
          rateLimited: reason === "RATE_LIMITED",
        });
      }
      return false;
    } finally {
      setPending(false);
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const typed = email.trim();
    if (!typed) return fieldError("Enter your email address.");
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(typed)) return fieldError("Enter a valid email address, like name@example.com.");
    // The server checks again; saying it here saves a round trip and names the domains.
    if (!isAtDomain(typed, domains)) return fieldError(`Use an address at ${domainList(domains)}.`);
    setError(null);
    // "Check your inbox" comes with the dead ends' chunk: fetch it while the request is out.
    void outcomeModule();
    if (await send(typed)) setSentTo(typed);
  }

  const providers = preview.methods.filter((method) => method !== "password");

  if (sentTo) {
    return (
      <Suspense fallback={<JoinSkeleton />}>
        <CheckYourEmail
          email={sentTo}
          workspaceName={workspaceName}
          role={role}
          pending={pending}
          error={formError}
          onAgain={() => void send(sentTo)}
          onOther={() => {
            setSentTo(null);
            setEmail("");
          }}
        />
      </Suspense>
    );
  }

  return (
    <div className="mx-auto w-full max-w-md sm:pt-4">
      <title>{`Join as ${role} · ${brandName(preview.branding)}`}</title>
      {logoUrl && <img src={logoUrl} alt="" className="mb-5 h-12 w-auto max-w-48 object-contain sm:mx-auto" />}
      <div className="mb-6 sm:text-center">
        <p className="mb-2 text-sm font-semibold text-accent-700">You're invited</p>
        <h1 className="text-2xl font-semibold tracking-tight text-balance text-gray-900 sm:text-3xl">
          <strong className="font-semibold">{preview.inviterName}</strong> invited you to join{" "}
          {workspaceName && <strong className="font-semibold">{workspaceName} </strong>}
          as <strong className="font-semibold text-accent-700">{role}</strong>
        </h1>
        <p className="mt-2 text-base text-pretty text-gray-600">
          Enter your email and we'll send you a link to confirm it. Then choose your name and password, and you're in.
        </p>
      </div>

      <div className="rounded-xl border border-gray-200 bg-white p-5 shadow-sm sm:p-8">
        {me && (
          <Alert className="mb-5">
            You're signed in as {me.email}. Joining makes a new account for the email you enter here.
          </Alert>
        )}
        <form noValidate onSubmit={(event) => void submit(event)} className="space-y-5" aria-label="Join">
          {formError && (
            <Alert tone={formError.rateLimited ? "warning" : "error"} role="alert">
              {formError.text}
            </Alert>
          )}
          <div className="space-y-1.5">
            <Label htmlFor="join-email">Email</Label>
            <Input
              ref={emailRef}
              id="join-email"
              name="email"
              type="email"
              inputMode="email"
              autoComplete="email"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={320}
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
                if (error) setError(null);
              }}
              aria-invalid={error ? true : undefined}
              aria-describedby="join-email-hint join-email-error"
            />
            <p id="join-email-hint" className="text-sm text-gray-600">
              {domains.length > 0
                ? `This link is for addresses at ${domainList(domains)}. It will be your sign-in email.`
                : "It will be your sign-in email."}
            </p>
            <FieldError id="join-email-error" role="alert">
              {error}
            </FieldError>
          </div>
          <Button type="submit" className="w-full" loading={pending}>
            {pending ? "Sending…" : "Email me a link to join"}
          </Button>
        </form>
        {providers.length > 0 && (
          <Suspense fallback={<ProvidersSkeleton count={providers.length} />}>
            <JoinProviders
              token={token}
              methods={providers}
              domainsNote={domains.length > 0 ? `The account's verified email must be at ${domainList(domains)}.` : null}
            />
          </Suspense>
        )}
      </div>
      {preview.expiresAt && (
        <p className="mt-6 text-sm text-pretty text-gray-600 sm:text-center">
          This link expires{" "}
          <time dateTime={preview.expiresAt.toISOString()} className="font-medium text-gray-900">
            {formatDistance(preview.expiresAt, now)}
          </time>{" "}
          ({formatWhen(preview.expiresAt)}).
        </p>
      )}
    </div>
  );
}

/*
 * The page's outline while the preview loads, and the provider buttons' while theirs do. Like
 * the accept page's, but this chunk's own: importing anything from the entry chunk's pages here
 * made the bundler split the entry into a dozen files, ~9 kB more on the wire with their headers.
 */
function JoinSkeleton() {
  return (
    <div role="status" className="mx-auto w-full max-w-md sm:pt-4">
      <span className="sr-only">Loading the invite link…</span>
      <Skeleton className="mb-3 h-4 w-28 sm:mx-auto" />
      <Skeleton className="mb-2 h-8 w-full" />
      <Skeleton className="mb-6 h-4 w-64 max-w-full sm:mx-auto" />
      <Skeleton className="h-56 w-full rounded-xl" />
    </div>
  );
}

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
