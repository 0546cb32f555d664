import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { formatWhen } from "../../lib/relative-time.ts";
import type { FormError } from "../../pages/join.tsx";
import { LinkOutcome } from "../link-outcome.tsx";
import { Alert } from "../ui/alert.tsx";
import { Button } from "../ui/button.tsx";

/*
 * What the join page shows after its form, or instead of it: "check your inbox" once the email is
 * on its way; the dead ends, a shareable link that was turned off, ran out of time or of uses, or
 * never existed, each saying which, who can help and what to do now (the sign-up page shows the
 * same when the link died after its confirmation email went out); and the page for a preview
 * that didn't load. Its own chunk, fetched when the form is sent or can't be shown, so the join
 * form's first download stays small.
 */

/** Why a shareable link admits nobody: its status, or no such link at all. */
export type JoinOutcome = "REVOKED" | "EXPIRED" | "FULL" | "NOT_FOUND";

/** What the page knows about the link: from `inviteLink.preview`, or from a sign-up link's `inviteLink`. */
export type DeadLink = { inviterName: string; expiresAt: Date | null; workspaceName: string | null };

export function JoinOutcomePage({ outcome, link }: { outcome: JoinOutcome; link: DeadLink | undefined }) {
  const inviter = link ? <strong className="font-semibold text-gray-900">{link.inviterName}</strong> : "whoever shared it";
  const workspace = link?.workspaceName ?? null;
  const signIn = (
    <p className="text-sm text-gray-600">
      Already joined?{" "}
      <Link to="/sign-in" className="font-semibold text-accent-700 underline-offset-2 hover:underline">
        Sign in
      </Link>
    </p>
  );
  const askForNew: ReactNode = (
    <>
      To join{workspace ? ` ${workspace}` : ""}, ask {inviter} for a new link, or for an invitation of your own.
    </>
  );

  switch (outcome) {
    case "REVOKED":
      return (
        <LinkOutcome kind="REVOKED" title="This invite link was turned off" actions={signIn}>
          <p>It no longer lets anyone join. {askForNew}</p>
        </LinkOutcome>
      );
    case "EXPIRED":
      return (
        <LinkOutcome kind="EXPIRED" title="This invite link has expired" actions={signIn}>
          <p>
            {link?.expiresAt ? <>It stopped working on {formatWhen(link.expiresAt)}. </> : null}
            {askForNew}
          </p>
        </LinkOutcome>
      );
    case "FULL":
      return (
        <LinkOutcome kind="FULL" title="This invite link is full" actions={signIn}>
          <p>It has already let in as many people as it allows. {askForNew}</p>
        </LinkOutcome>
      );
    case "NOT_FOUND":
      return (
        <LinkOutcome kind="NOT_FOUND" title="This invite link doesn't work" actions={signIn}>
          <p>
            Check that you copied the whole link: some apps cut long links short. Otherwise, ask whoever shared it for
            a new one.
          </p>
        </LinkOutcome>
      );
  }
}

/** The preview request failed for a reason that may pass: offline, server down, rate limited. */
export function JoinLoadError({ rateLimited, retrying, onRetry }: { rateLimited: boolean; retrying: boolean; onRetry: () => void }) {
  return (
    <div className="mx-auto max-w-md sm:pt-4">
      <title>Invite link · Invitations</title>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight text-gray-900">We couldn't open this invite link</h1>
      <Alert
        tone={rateLimited ? "warning" : "error"}
        role="alert"
        actions={
          <Button variant="secondary" size="sm" loading={retrying} onClick={onRetry}>
            Try again
          </Button>
        }
      >
        {rateLimited
          ? "Too many attempts from your network. Wait a minute, then try again."
          : "The server didn't answer. Check your connection and try again."}
      </Alert>
    </div>
  );
}

/** After asking: the same words for every address, since the page can't know (and mustn't say) which case it was. */
export function CheckYourEmail({
  email,
  workspaceName,
  role,
  pending,
  error,
  onAgain,
  onOther,
}: {
  email: string;
  workspaceName: string | null;
  role: string;
  pending: boolean;
  error: FormError | null;
  onAgain: () => void;
  onOther: () => void;
}) {
  const [again, setAgain] = useState(false);
  return (
    <div className="mx-auto w-full max-w-md sm:pt-4">
      <title>{`Check your inbox · ${workspaceName ?? "Invitations"}`}</title>
      <div className="mb-6 sm:text-center">
        <p className="mb-2 text-sm font-semibold text-accent-700">{workspaceName ? `Join ${workspaceName}` : "You're invited"}</p>
        <h1 className="text-2xl font-semibold tracking-tight text-balance text-gray-900 sm:text-3xl">Check your inbox</h1>
      </div>
      <div className="rounded-xl border border-gray-200 bg-white p-5 shadow-sm sm:p-8">
        <div className="space-y-3 text-sm text-gray-600" role="status">
          <p>
            We've sent a link to <strong className="font-medium break-words text-gray-900">{email}</strong>. Open it to
            choose your name and password and join{workspaceName ? ` ${workspaceName}` : ""} as{" "}
            {role === "Admin" ? "an Admin" : "a Member"}. It works once, for an hour.
          </p>
          <p>
            If this address already has an account, or an invitation waiting, the email says what to do instead. Nothing
            there after a few minutes? Check your spam folder, or send it again.
          </p>
          {again && !pending && !error && <p className="font-medium text-gray-900">Sent again.</p>}
        </div>
        {error && (
          <Alert tone={error.rateLimited ? "warning" : "error"} role="alert" className="mt-5">
            {error.text}
          </Alert>
        )}
        <div className="mt-6 grid gap-3 sm:grid-cols-2">
          <Button variant="secondary" onClick={onOther}>
            Use another email
          </Button>
          <Button
            variant="secondary"
            loading={pending}
            onClick={() => {
              setAgain(true);
              onAgain();
            }}
          >
            Send it again
          </Button>
        </div>
      </div>
    </div>
  );
}
