import { BULK_INVITE_MAX } from "@invite/schemas";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { formatDateTime } from "../../lib/time.ts";
import { trpcClient } from "../../trpc.ts";

/*
 * Before sending: who in the addresses already has a pending invitation (sending renews it,
 * and the link in their email stops working) or an account. One `invitation.checkEmails`
 * call for the whole list, made once typing pauses.
 */

/** How long the addresses must stay unchanged before they are checked. */
const PAUSE_MS = 400;
/** Named in the sentence; the rest are counted, and listed under "Show all". */
const NAMED = 5;

export type RenewalCheck = ReturnType<typeof useRenewalCheck>;

export function useRenewalCheck(emails: string[]) {
  const key = emails.slice(0, BULK_INVITE_MAX).join("\n");
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(key), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  const checked = settled;
  return useQuery({
    queryKey: ["invitation.checkEmails", checked],
    // A read, sent as a POST: a list of 10,000 doesn't fit in a URL.
    queryFn: () => trpcClient.invitation.checkEmails.mutate({ emails: checked.split("\n") }),
    enabled: checked !== "",
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

/** The warning under the addresses: who will get a new link, who is a member already. */
export function RenewalNotice({ check, emails }: { check: RenewalCheck; emails: string[] }) {
  if (!check.data || emails.length === 0) return null;
  // Only what is still in the field (the answer may be for a moment ago).
  const present = new Set(emails);
  const pending = check.data.pending.filter((p) => present.has(p.email));
  const members = check.data.members.filter((email) => present.has(email));
  if (pending.length === 0 && members.length === 0) return null;
  return (
    <div className="space-y-1.5 text-sm" data-testid="renewal-notice">
      {pending.length > 0 && (
        <div role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
          <p>
            <strong className="font-semibold">
              {pending.length === 1 && emails.length === 1
                ? "Already invited: "
                : `${pending.length.toLocaleString("en")} already invited will get a new link: `}
            </strong>
            {pending.length === 1 && emails.length === 1 ? (
              <>
                sending gives <span className="font-medium wrap-anywhere">{pending[0]!.email}</span> a new link, and the one emailed
                to them (valid until {formatDateTime(pending[0]!.expiresAt)}) stops working.
              </>
            ) : (
              <>
                <span className="wrap-anywhere">{named(pending.map((p) => p.email))}</span>. The links already emailed to them stop
                working.
              </>
            )}
          </p>
          {pending.length > NAMED && <AllOf emails={pending.map((p) => p.email)} />}
        </div>
      )}
      {members.length > 0 && (
        <p className="text-gray-600">
          {members.length === 1 && emails.length === 1 ? (
            <>
              <span className="font-medium wrap-anywhere">{members[0]}</span> already has an account: nothing will be sent.
            </>
          ) : (
            <>
              {members.length.toLocaleString("en")} already {members.length === 1 ? "has an account" : "have accounts"} and won't be
              emailed: <span className="wrap-anywhere">{named(members)}</span>.
            </>
          )}
        </p>
      )}
    </div>
  );
}

/** "a, b and c", or "a, b, c, d, e and 12 more". */
function named(emails: string[]): string {
  const shown = emails.slice(0, NAMED);
  const more = emails.length - shown.length;
  if (more > 0) return `${shown.join(", ")} and ${more.toLocaleString("en")} more`;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

function AllOf({ emails }: { emails: string[] }) {
  return (
    <details className="mt-1">
      <summary className="cursor-pointer font-medium text-amber-950">Show all {emails.length.toLocaleString("en")}</summary>
      <ul className="mt-1 max-h-32 overflow-y-auto font-mono text-[0.8125rem] wrap-anywhere">
        {emails.map((email) => (
          <li key={email}>{email}</li>
        ))}
      </ul>
    </details>
  );
}
