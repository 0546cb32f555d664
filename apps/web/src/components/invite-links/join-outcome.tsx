import type { ReactNode } from "react";
import { Link } from "react-router";
import { formatWhen } from "../../lib/relative-time.ts";
import { LinkOutcome } from "../link-outcome.tsx";

/*
 * The join page's dead ends: a shareable link that was turned off, ran out of time or of uses,
 * or never existed. Each says which, who can help, and what to do now. Its own chunk, loaded
 * only when a link can't admit anyone, so the join form's first download stays small. The
 * sign-up page shows the same when the link died after its confirmation email went out.
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
