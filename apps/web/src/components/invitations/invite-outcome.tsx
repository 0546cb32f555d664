import type { ReactNode } from "react";
import { Link } from "react-router";
import { Alert } from "../ui/alert.tsx";
import { Button, buttonClassName } from "../ui/button.tsx";
import { useQueryState } from "../../lib/query-state.ts";
import type { Me } from "../../lib/session.ts";
import { formatDateTime } from "../../lib/time.ts";
import { trpc } from "../../trpc.ts";
import type { InvitePreview, InviteOutcome } from "./invite-types.ts";

/*
 * The accept page's dead ends: expired, already used, withdrawn, unknown link, and "the
 * server didn't answer". Each says what happened and what to do next. A separate chunk
 * (loaded only when a link can't be accepted) so the happy path's entry chunk stays small.
 */

const outcomes: Record<InviteOutcome, { title: string; tone: string; icon: string }> = {
  EXPIRED: {
    title: "This invitation has expired",
    tone: "bg-amber-100 text-amber-600 ring-amber-50",
    icon: "M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm.75-13a.75.75 0 0 0-1.5 0v5c0 .41.34.75.75.75h4a.75.75 0 0 0 0-1.5h-3.25V5Z",
  },
  ACCEPTED: {
    title: "This invitation was already used",
    tone: "bg-green-100 text-green-600 ring-green-50",
    icon: "M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm3.86-9.8a.75.75 0 0 0-1.22-.88l-3.24 4.5-1.6-1.6a.75.75 0 0 0-1.06 1.06l2.22 2.22a.75.75 0 0 0 1.14-.09l3.76-5.2Z",
  },
  REVOKED: {
    title: "This invitation was withdrawn",
    tone: "bg-red-100 text-red-600 ring-red-50",
    icon: "M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16ZM6.75 9.25a.75.75 0 0 0 0 1.5h6.5a.75.75 0 0 0 0-1.5h-6.5Z",
  },
  NOT_FOUND: {
    title: "This invitation link doesn't work",
    tone: "bg-gray-100 text-gray-500 ring-gray-50",
    icon: "M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0ZM8.94 6.94a.75.75 0 1 1-.18 1.49.75.75 0 0 1 .18-1.49Zm2.6-1.03A2.75 2.75 0 0 0 7.25 8a.75.75 0 0 0 1.5 0 1.25 1.25 0 1 1 1.96 1.03c-.6.41-1.46 1.01-1.46 2.22a.75.75 0 0 0 1.5 0c0-.34.2-.54.81-.97A2.75 2.75 0 0 0 11.54 5.9ZM10 15a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z",
  },
};

type OutcomeProps = { outcome: InviteOutcome; preview: InvitePreview | undefined };

/** A full page for a link that can't be accepted, each with the next step to take. */
export function InviteOutcomePage({ outcome, preview }: OutcomeProps) {
  const me = useQueryState<Me | null>(trpc.auth.me.queryKey())?.data;
  const { title, tone, icon } = outcomes[outcome];
  const inviter = preview ? (
    <strong className="font-semibold text-gray-900">{preview.inviterName}</strong>
  ) : (
    "the person who invited you"
  );
  const home = (
    <Link to="/" className={buttonClassName({ variant: "secondary" })}>
      Go to the home page
    </Link>
  );

  let body: ReactNode;
  let actions: ReactNode = home;
  switch (outcome) {
    case "EXPIRED":
      body = (
        <>
          {preview && <>It stopped working on {formatDateTime(preview.expiresAt)}. </>}
          Ask {inviter} for a new invitation: they can send you a fresh link in one click.
        </>
      );
      actions = (
        <p className="text-sm text-gray-600">
          Already joined with a newer link?{" "}
          <Link to="/sign-in" className="font-semibold text-accent-700 underline-offset-2 hover:underline">
            Sign in
          </Link>
        </p>
      );
      break;
    case "ACCEPTED":
      if (me && preview && me.email === preview.email) {
        body = <>You're already signed in as {preview.email}, so you're all set.</>;
      } else {
        body = (
          <>
            {preview ? <>An account for {preview.email} was created with this link. </> : null}
            Invitation links work only once. Sign in to continue.
          </>
        );
        actions = (
          <Link to="/sign-in" className={buttonClassName()}>
            Sign in
          </Link>
        );
      }
      break;
    case "REVOKED":
      body = (
        <>
          {inviter} withdrew this invitation, so its link no longer works. If you think that's a mistake, ask them to
          invite you again.
        </>
      );
      break;
    case "NOT_FOUND":
      body = (
        <>
          If you were sent a newer invitation email, use the link in that one: each new email replaces the link
          before it. Otherwise, check you copied the whole link; long links sometimes break across lines.
        </>
      );
  }

  return (
    <div className="mx-auto max-w-md py-6 text-center sm:py-10">
      <title>{`${title} · Invitations`}</title>
      <div className={`mx-auto grid size-14 place-items-center rounded-full ring-8 ${tone}`}>
        <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-7">
          <path fillRule="evenodd" clipRule="evenodd" d={icon} />
        </svg>
      </div>
      <h1 className="mt-6 text-2xl font-semibold tracking-tight text-balance text-gray-900 sm:text-3xl">{title}</h1>
      <p className="mt-3 text-base text-pretty text-gray-600">{body}</p>
      <div className="mt-8 flex flex-wrap items-center justify-center gap-3">{actions}</div>
    </div>
  );
}

/** The preview request failed for a reason that may pass: offline, server down, rate limited. */
export function InviteLoadError({ rateLimited, retrying, onRetry }: { rateLimited: boolean; retrying: boolean; onRetry: () => void }) {
  return (
    <div className="mx-auto max-w-md sm:pt-4">
      <title>Invitation · Invitations</title>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight text-gray-900">We couldn't open this invitation</h1>
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
          : "The server didn't answer. Check your connection and try again; your invitation is still waiting."}
      </Alert>
    </div>
  );
}
