import { INVITE_LINK_JOINED_SHOWN } from "@invite/schemas";
import { Fragment, useId, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { formatDistance } from "../../lib/relative-time.ts";
import { formatDateTime, formatRelative } from "../../lib/time.ts";
import { RoleBadge } from "../invitations/status.tsx";
import { Badge, type BadgeTone } from "../ui/badge.tsx";
import { cx } from "../ui/cx.ts";
import { Skeleton } from "../ui/spinner.tsx";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../ui/table.tsx";
import { LinkActions, linkName } from "./link-actions.tsx";
import type { InviteLink, InviteLinkStatus } from "./link-types.ts";

/*
 * The invite links: a table from `lg`, cards below it (as the invitations list). Each shows its
 * role, whether it admits people now, its uses against its cap, when it stops, which email
 * domains it takes and who made it; who joined through it opens under the row.
 */

const statuses: Record<InviteLinkStatus, { tone: BadgeTone; label: string }> = {
  ACTIVE: { tone: "success", label: "Active" },
  FULL: { tone: "warning", label: "Full" },
  EXPIRED: { tone: "neutral", label: "Expired" },
  REVOKED: { tone: "danger", label: "Revoked" },
};

export function LinkStatusBadge({ status }: { status: InviteLinkStatus }) {
  const { tone, label } = statuses[status];
  return (
    <Badge tone={tone} dot>
      {label}
    </Badge>
  );
}

export function InviteLinkList({ links, now }: { links: InviteLink[]; now: number }) {
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <>
      <div className="hidden lg:block">
        <Table aria-label="Invite links">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="px-2.5 pl-4">Role</TableHead>
              <TableHead className="px-2.5">Status</TableHead>
              <TableHead className="px-2.5">Uses</TableHead>
              <TableHead className="px-2.5">Expires</TableHead>
              <TableHead className="px-2.5">Email domains</TableHead>
              <TableHead className="px-2.5">Created</TableHead>
              <TableHead className="w-px px-2.5 pr-3">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {links.map((link) => (
              <Fragment key={link.id}>
                <TableRow data-testid="invite-link-row" className={cx(open.has(link.id) && "bg-gray-50/70")}>
                  <TableCell className="px-2.5 pl-4">
                    <RoleBadge role={link.role} />
                  </TableCell>
                  <TableCell className="px-2.5">
                    <LinkStatusBadge status={link.status} />
                  </TableCell>
                  <TableCell className="px-2.5 whitespace-nowrap">
                    <Uses link={link} expanded={open.has(link.id)} onToggle={() => toggle(link.id)} />
                  </TableCell>
                  <TableCell className="px-2.5 whitespace-nowrap">
                    <Expiry link={link} now={now} />
                  </TableCell>
                  <TableCell className="max-w-52 px-2.5">
                    <Domains domains={link.allowedDomains} />
                  </TableCell>
                  <TableCell className="px-2.5 whitespace-nowrap">
                    <Time date={link.createdAt} now={now} />
                    <span className="block max-w-36 truncate text-xs text-gray-500" title={link.createdBy?.email}>
                      by {creatorName(link)}
                    </span>
                  </TableCell>
                  <TableCell className="px-2.5 pr-3 text-right">
                    <LinkActions link={link} />
                  </TableCell>
                </TableRow>
                {open.has(link.id) && (
                  <tr className="bg-gray-50/70">
                    <td colSpan={7} id={`joined-${link.id}`} className="px-4 pt-1 pb-4">
                      <JoinedList link={link} now={now} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </TableBody>
        </Table>
      </div>

      <ul aria-label="Invite links" className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:hidden">
        {links.map((link) => (
          <li key={link.id} className="min-w-0 rounded-xl border border-gray-200 bg-white p-4 shadow-xs">
            <div className="flex items-start gap-3">
              <div className="flex min-w-0 flex-1 flex-wrap items-center gap-1.5">
                <RoleBadge role={link.role} />
                <LinkStatusBadge status={link.status} />
              </div>
              <LinkActions link={link} className="-mt-1 -mr-1.5" />
            </div>
            <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2.5 text-sm">
              <CardDetail term="Uses">
                <UsesCount link={link} />
              </CardDetail>
              <CardDetail term={link.status === "ACTIVE" || link.status === "FULL" ? "Expires" : "Ended"}>
                <Expiry link={link} now={now} />
              </CardDetail>
              <CardDetail term="Email domains" wide>
                <Domains domains={link.allowedDomains} />
              </CardDetail>
              <CardDetail term="Created" wide>
                <Time date={link.createdAt} now={now} /> by {creatorName(link)}
              </CardDetail>
            </dl>
            {link.uses > 0 && (
              <div className="mt-3 border-t border-gray-100 pt-2">
                <DisclosureButton
                  expanded={open.has(link.id)}
                  controls={`joined-card-${link.id}`}
                  onToggle={() => toggle(link.id)}
                  className="-ml-2"
                >
                  Who joined ({link.uses.toLocaleString("en")})
                </DisclosureButton>
                {open.has(link.id) && (
                  <div id={`joined-card-${link.id}`} className="pt-2">
                    <JoinedList link={link} now={now} />
                  </div>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** "3 / 50" with a bar, or "3 · no limit"; a button that opens who joined once anyone has. */
function Uses({ link, expanded, onToggle }: { link: InviteLink; expanded: boolean; onToggle: () => void }) {
  if (link.uses === 0) return <UsesCount link={link} />;
  return (
    <DisclosureButton expanded={expanded} controls={`joined-${link.id}`} onToggle={onToggle} className="-ml-2" label={`Who joined through ${linkName(link)}`}>
      <UsesCount link={link} />
    </DisclosureButton>
  );
}

function UsesCount({ link }: { link: InviteLink }) {
  const uses = link.uses.toLocaleString("en");
  if (link.maxUses === null) {
    return (
      <span>
        <span className="font-medium text-gray-900 tabular-nums">{uses}</span>
        <span className="text-gray-500"> · no limit</span>
      </span>
    );
  }
  const share = Math.min(1, link.uses / link.maxUses);
  return (
    <span className="inline-flex items-center gap-2">
      <span className="tabular-nums">
        <span className="font-medium text-gray-900">{uses}</span>
        <span className="text-gray-500"> / {link.maxUses.toLocaleString("en")}</span>
      </span>
      <span aria-hidden="true" className="h-1.5 w-12 overflow-hidden rounded-full bg-gray-200">
        <span
          className={cx("block h-full rounded-full", share >= 1 ? "bg-amber-500" : "bg-accent-500")}
          style={{ width: `${Math.max(share * 100, link.uses > 0 ? 8 : 0)}%` }}
        />
      </span>
    </span>
  );
}

function DisclosureButton({
  expanded,
  controls,
  onToggle,
  className,
  label,
  children,
}: {
  expanded: boolean;
  controls: string;
  onToggle: () => void;
  className?: string;
  label?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-expanded={expanded}
      aria-controls={controls}
      title={label}
      onClick={onToggle}
      className={cx("inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-sm text-gray-700 hover:bg-gray-100", className)}
    >
      {children}
      {label && <span className="sr-only">{label}</span>}
      <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className={cx("size-4 shrink-0 text-gray-500 transition-transform", expanded && "rotate-180")}>
        <path fillRule="evenodd" clipRule="evenodd" d="M5.22 8.22a.75.75 0 0 1 1.06 0L10 11.94l3.72-3.72a.75.75 0 1 1 1.06 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L5.22 9.28a.75.75 0 0 1 0-1.06Z" />
      </svg>
    </button>
  );
}

/** The newest people who joined through the link, each a way to find them among the members. */
function JoinedList({ link, now }: { link: InviteLink; now: number }) {
  const headingId = useId();
  const unnamed = link.uses - link.joined.length;
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-gray-200 bg-white">
      <h3 id={headingId} className="border-b border-gray-100 px-3 py-2 text-xs font-semibold tracking-wide text-gray-600 uppercase">
        Joined through this link
      </h3>
      {link.joined.length > 0 && (
        <ul className="divide-y divide-gray-100">
          {link.joined.map((person) => (
            <li key={person.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-3 py-2 text-sm">
              <Link
                to={{ pathname: "/admin/members", search: `?q=${encodeURIComponent(person.email)}` }}
                className="font-medium text-gray-900 underline decoration-gray-300 underline-offset-2 hover:decoration-gray-900"
              >
                {person.name}
              </Link>
              <span className="min-w-0 wrap-anywhere text-gray-600">{person.email}</span>
              <span className="ml-auto text-xs whitespace-nowrap text-gray-500">
                joined <Time date={person.joinedAt} now={now} />
              </span>
            </li>
          ))}
        </ul>
      )}
      {unnamed > 0 && (
        <p className="px-3 py-2 text-sm text-gray-600">
          {link.joined.length === 0
            ? `${unnamed === 1 ? "The person" : `The ${unnamed.toLocaleString("en")} people`} who joined no longer ${unnamed === 1 ? "has an account" : "have accounts"}.`
            : link.joined.length >= INVITE_LINK_JOINED_SHOWN
              ? `And ${unnamed.toLocaleString("en")} more: the ${INVITE_LINK_JOINED_SHOWN} newest are shown (removed accounts are counted, not named).`
              : `And ${unnamed.toLocaleString("en")} whose ${unnamed === 1 ? "account was" : "accounts were"} removed since.`}
        </p>
      )}
    </section>
  );
}

function Domains({ domains }: { domains: string[] }) {
  if (domains.length === 0) return <span className="text-gray-500">Any</span>;
  return (
    <span className="block wrap-anywhere" title={domains.map((d) => `@${d}`).join(", ")}>
      {domains.slice(0, 3).map((domain, index) => (
        <Fragment key={domain}>
          {index > 0 && ", "}@{domain}
        </Fragment>
      ))}
      {domains.length > 3 && <span className="text-gray-500"> +{domains.length - 3} more</span>}
    </span>
  );
}

/** When the link stops admitting people, or when it did. */
function Expiry({ link, now }: { link: InviteLink; now: number }) {
  if (link.status === "REVOKED") {
    return link.revokedAt ? (
      <span className="text-gray-500">
        Revoked <Time date={link.revokedAt} now={now} />
      </span>
    ) : (
      // An admin link whose creator is no longer an admin reads as revoked (the server's rule).
      <span className="text-gray-500">Turned off: its creator is no longer an admin</span>
    );
  }
  if (!link.expiresAt) return <span className="text-gray-600">Never</span>;
  if (link.status === "EXPIRED") {
    return (
      <span className="text-gray-500">
        Expired <Time date={link.expiresAt} now={now} />
      </span>
    );
  }
  const soon = link.expiresAt.getTime() - now < 24 * 3_600_000;
  return (
    <span className={soon && link.status === "ACTIVE" ? "font-medium text-amber-700" : undefined}>
      <Time date={link.expiresAt} now={now} future />
    </span>
  );
}

function Time({ date, now, future = false }: { date: Date; now: number; future?: boolean }) {
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)}>
      {future ? formatDistance(date, now) : formatRelative(date, now)}
    </time>
  );
}

function CardDetail({ term, children, wide }: { term: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "col-span-2 min-w-0" : "min-w-0"}>
      <dt className="text-xs font-medium text-gray-500">{term}</dt>
      <dd className="mt-1 wrap-break-word text-gray-700">{children}</dd>
    </div>
  );
}

function creatorName(link: InviteLink): string {
  return link.createdBy?.name ?? "a removed member";
}

export function InviteLinkListSkeleton({ rows = 3 }: { rows?: number }) {
  const list = Array.from({ length: rows }, (_, i) => i);
  return (
    <div role="status" aria-label="Loading invite links">
      <div className="hidden overflow-hidden rounded-xl border border-gray-200 bg-white shadow-xs lg:block">
        <div className="h-10 border-b border-gray-200 bg-gray-50" />
        {list.map((i) => (
          <div key={i} className="flex items-center gap-8 border-b border-gray-100 px-4 py-4 last:border-0">
            <Skeleton className="h-5 w-16 rounded-full" />
            <Skeleton className="h-5 w-16 rounded-full" />
            <Skeleton className="h-4 w-20" />
            <Skeleton className="h-4 w-20" />
            <Skeleton className="h-4 w-28" />
            <Skeleton className="h-4 w-24" />
            <Skeleton className="ml-auto size-6" />
          </div>
        ))}
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:hidden">
        {list.map((i) => (
          <Skeleton key={i} className="h-40 w-full rounded-xl" />
        ))}
      </div>
    </div>
  );
}
