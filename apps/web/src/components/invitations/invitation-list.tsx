import { Fragment, type ReactNode } from "react";
import { cx } from "../ui/cx.ts";
import { Skeleton } from "../ui/spinner.tsx";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../ui/table.tsx";
import { formatDistance } from "../../lib/relative-time.ts";
import { formatDateTime, formatRelative } from "../../lib/time.ts";
import type { Invitation } from "./invite-types.ts";
import { InvitationActions } from "./row-actions.tsx";
import { DeliveryBadge, RoleBadge, StatusBadge } from "./status.tsx";

type ListProps = {
  invitations: Invitation[];
  now: number;
  onInviteAgain: (invitation: Invitation) => void;
};

/**
 * The invitations, as a table from `lg` and as cards below it (a nine-column table
 * doesn't fit a phone, and sideways scrolling hides the actions).
 */
export function InvitationList({ invitations, now, onInviteAgain }: ListProps) {
  return (
    <>
      <div className="hidden lg:block">
        <Table aria-label="Invitations">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="px-2.5 pl-4">Invitee</TableHead>
              <TableHead className="px-2.5">Role</TableHead>
              <TableHead className="px-2.5">Status</TableHead>
              <TableHead className="px-2.5">Delivery</TableHead>
              <TableHead className="px-2.5">Invited</TableHead>
              <TableHead className="px-2.5">Expires</TableHead>
              <TableHead className="w-px px-2.5 pr-3">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {invitations.map((invitation) => (
              <TableRow key={invitation.id} data-testid="invitation-row">
                <TableCell className="max-w-60 px-2.5 pl-4">
                  {invitation.name && (
                    <span className="block truncate font-medium text-gray-900" title={invitation.name}>
                      {invitation.name}
                    </span>
                  )}
                  <span
                    className={cx("block truncate", invitation.name ? "text-xs text-gray-600" : "font-medium text-gray-900")}
                    title={invitation.email}
                  >
                    {invitation.email}
                  </span>
                </TableCell>
                <TableCell className="px-2.5">
                  <RoleBadge role={invitation.role} />
                </TableCell>
                <TableCell className="px-2.5">
                  <StatusBadge status={invitation.status} />
                </TableCell>
                <TableCell className="px-2.5">
                  <DeliveryBadge invitation={invitation} now={now} />
                </TableCell>
                <TableCell className="px-2.5 whitespace-nowrap">
                  <Time date={invitation.createdAt} now={now} />
                  <span className="block max-w-36 truncate text-xs text-gray-500" title={invitation.invitedBy?.email}>
                    by {inviterName(invitation)}
                  </span>
                </TableCell>
                <TableCell className="px-2.5 whitespace-nowrap">
                  <Expiry invitation={invitation} now={now} />
                </TableCell>
                <TableCell className="px-2.5 pr-3 text-right">
                  <InvitationActions invitation={invitation} onInviteAgain={onInviteAgain} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>

      {/* grid-cols-1 (minmax(0, 1fr)) and min-w-0: a long address must not widen the column past the screen. */}
      <ul aria-label="Invitations" className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:hidden">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="min-w-0 rounded-xl border border-gray-200 bg-white p-4 shadow-xs">
            <div className="flex items-start gap-3">
              <div className="min-w-0 flex-1">
                {invitation.name && <p className="font-medium wrap-anywhere text-gray-900">{invitation.name}</p>}
                {/* The whole address, wrapped where it must: on a phone it's how you tell the cards apart. */}
                <p className={cx("wrap-anywhere", invitation.name ? "text-sm text-gray-600" : "font-medium text-gray-900")}>
                  <BreakableEmail email={invitation.email} />
                </p>
                <div className="mt-2 flex flex-wrap items-center gap-1.5">
                  <StatusBadge status={invitation.status} />
                  <RoleBadge role={invitation.role} />
                </div>
              </div>
              <InvitationActions invitation={invitation} onInviteAgain={onInviteAgain} className="-mt-1 -mr-1.5" />
            </div>
            <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2.5 border-t border-gray-100 pt-3 text-sm">
              <CardDetail term="Email delivery">
                <DeliveryBadge invitation={invitation} now={now} />
              </CardDetail>
              <CardDetail term={invitation.status === "PENDING" ? "Expires" : "Outcome"}>
                <Expiry invitation={invitation} now={now} />
              </CardDetail>
              <CardDetail term="Invited" wide>
                <Time date={invitation.createdAt} now={now} /> by {inviterName(invitation)}
              </CardDetail>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * An address that may wrap before its dots and its "@" (as addresses are broken in print),
 * rather than at an arbitrary letter; `wrap-anywhere` on the parent still breaks a part
 * too long for a line.
 */
function BreakableEmail({ email }: { email: string }) {
  return email.split(/(?=[.@])/).map((part, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

function CardDetail({ term, children, wide }: { term: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "col-span-2 min-w-0" : "min-w-0"}>
      <dt className="text-xs font-medium text-gray-500">{term}</dt>
      <dd className="mt-1 wrap-break-word text-gray-700">{children}</dd>
    </div>
  );
}

/**
 * "3 minutes ago" for things that happened, "in 2 days" for an expiry; the exact time in the
 * title, machine-readable in dateTime. (A row created a moment ago can be a little ahead of
 * the 30-second clock: it still reads "just now".)
 */
function Time({ date, now, future = false }: { date: Date; now: number; future?: boolean }) {
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)}>
      {future ? formatDistance(date, now) : formatRelative(date, now)}
    </time>
  );
}

/** When the link stops working, or what happened to it instead. */
function Expiry({ invitation, now }: { invitation: Invitation; now: number }) {
  switch (invitation.status) {
    case "ACCEPTED":
      return invitation.acceptedAt ? (
        <span className="text-gray-500">
          Accepted <Time date={invitation.acceptedAt} now={now} />
        </span>
      ) : (
        <span className="text-gray-400">—</span>
      );
    case "REVOKED":
      return invitation.revokedAt ? (
        <span className="text-gray-500">
          Revoked <Time date={invitation.revokedAt} now={now} />
        </span>
      ) : (
        <span className="text-gray-400">—</span>
      );
    case "EXPIRED":
      return (
        <span className="text-gray-500">
          Expired <Time date={invitation.expiresAt} now={now} />
        </span>
      );
    case "PENDING": {
      const soon = invitation.expiresAt.getTime() - now < 24 * 3_600_000;
      return (
        <span className={soon ? "font-medium text-amber-700" : undefined}>
          <Time date={invitation.expiresAt} now={now} future />
        </span>
      );
    }
  }
}

/** Rows of grey blocks while the first page loads. */
export function InvitationListSkeleton({ rows = 5 }: { rows?: number }) {
  const list = Array.from({ length: rows }, (_, i) => i);
  return (
    <div role="status" aria-label="Loading invitations">
      <div className="hidden overflow-hidden rounded-xl border border-gray-200 bg-white shadow-xs lg:block">
        <div className="h-10 border-b border-gray-200 bg-gray-50" />
        {list.map((i) => (
          <div key={i} className="flex items-center gap-6 border-b border-gray-100 px-4 py-4 last:border-0">
            <Skeleton className="h-4 w-52" style={{ width: `${11 + ((i * 7) % 5)}rem` }} />
            <Skeleton className="h-5 w-16 rounded-full" />
            <Skeleton className="h-5 w-20 rounded-full" />
            <Skeleton className="h-5 w-16 rounded-full" />
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-4 w-20" />
            <Skeleton className="ml-auto size-6" />
          </div>
        ))}
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:hidden">
        {list.slice(0, 4).map((i) => (
          <Skeleton key={i} className="h-36 w-full rounded-xl" />
        ))}
      </div>
    </div>
  );
}

/** Invitations outlive the admin who sent them. */
function inviterName(invitation: Pick<Invitation, "invitedBy">): string {
  return invitation.invitedBy?.name ?? "a removed member";
}
