import { Link } from "react-router";
import { dismissSessionNotice } from "../lib/session-notice.ts";

/**
 * The session ended (signed out from another device, the password changed elsewhere, it
 * expired) while this browser had someone signed in, and they are on a public page: say so,
 * with the way back in. Pages that need a session send them to the sign-in page instead, which
 * says it there. Its own chunk: the invitee's pages never load it.
 */
export default function SessionEndedBanner() {
  return (
    <div
      role="status"
      className="mb-8 flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p className="min-w-0 flex-1">
        <strong className="font-semibold">Your session ended.</strong> You were signed out from another device, or your session
        expired.
      </p>
      <span className="flex items-center gap-3">
        <Link to="/sign-in" className="font-medium text-amber-950 underline underline-offset-2">
          Sign in again
        </Link>
        <button type="button" onClick={dismissSessionNotice} className="rounded px-1 font-medium text-amber-900 hover:bg-amber-100">
          Dismiss
        </button>
      </span>
    </div>
  );
}
