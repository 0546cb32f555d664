import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { brandName, useBranding } from "../../lib/branding.ts";
import type { Me } from "../../lib/session.ts";
import { formatDate } from "../../lib/time.ts";
import { trpc } from "../../trpc.ts";
import { Badge } from "../ui/badge.tsx";
import { Skeleton } from "../ui/spinner.tsx";

/*
 * The signed-in home page, where an invitee lands when their invitation names nowhere else: whose
 * workspace this is, who let them in and when, what their role lets them do, and where to go next
 * (their account; for admins, the admin area).
 */

const ABILITIES: Record<Me["role"], string[]> = {
  MEMBER: [
    "Sign in with your password or a linked provider",
    "Change your name, password and sign-in methods",
    "See every device signed in as you, and sign any of them out",
  ],
  ADMIN: [
    "Invite people by email, one at a time or a whole list",
    "Share invite links with a role, an expiry and a cap",
    "Manage members: change roles, suspend or remove them",
    "Set who can join, your branding, and webhooks",
    "Follow every change in the activity log",
  ],
};

const ICONS = {
  account:
    "M15.75 6a3.75 3.75 0 1 1-7.5 0 3.75 3.75 0 0 1 7.5 0ZM4.501 20.118a7.5 7.5 0 0 1 14.998 0A17.933 17.933 0 0 1 12 21.75c-2.676 0-5.216-.584-7.499-1.632Z",
  invite:
    "M21.75 6.75v10.5a2.25 2.25 0 0 1-2.25 2.25h-15a2.25 2.25 0 0 1-2.25-2.25V6.75m19.5 0A2.25 2.25 0 0 0 19.5 4.5h-15a2.25 2.25 0 0 0-2.25 2.25m19.5 0v.243a2.25 2.25 0 0 1-1.07 1.916l-7.5 4.615a2.25 2.25 0 0 1-2.36 0L3.32 8.91a2.25 2.25 0 0 1-1.07-1.916V6.75",
  members:
    "M15 19.128a9.38 9.38 0 0 0 2.625.372 9.337 9.337 0 0 0 4.121-.952 4.125 4.125 0 0 0-7.533-2.493M15 19.128v-.003c0-1.113-.285-2.16-.786-3.07M15 19.128v.106A12.318 12.318 0 0 1 8.624 21c-2.331 0-4.512-.645-6.374-1.766l-.001-.109a6.375 6.375 0 0 1 11.964-3.07M12 6.375a3.375 3.375 0 1 1-6.75 0 3.375 3.375 0 0 1 6.75 0Zm8.25 2.25a2.625 2.625 0 1 1-5.25 0 2.625 2.625 0 0 1 5.25 0Z",
  settings:
    "M10.5 6h9.75M10.5 6a1.5 1.5 0 1 1-3 0m3 0a1.5 1.5 0 1 0-3 0M3.75 6H7.5m3 12h9.75m-9.75 0a1.5 1.5 0 0 1-3 0m3 0a1.5 1.5 0 0 0-3 0m-3.75 0H7.5m9-6h3.75m-3.75 0a1.5 1.5 0 0 1-3 0m3 0a1.5 1.5 0 0 0-3 0m-9.75 0h9.75",
  security:
    "M9 12.75 11.25 15 15 9.75m-3-7.036A11.959 11.959 0 0 1 3.598 6 11.99 11.99 0 0 0 3 9.749c0 5.592 3.824 10.29 9 11.623 5.176-1.332 9-6.03 9-11.622 0-1.31-.21-2.571-.598-3.751h-.152c-3.196 0-6.1-1.248-8.25-3.285Z",
};

export function MemberHome({ me }: { me: Me }) {
  const admin = me.role === "ADMIN";
  const workspace = brandName(useBranding());
  const joined = useQuery(trpc.account.joined.queryOptions());
  const firstName = me.name.split(/\s+/)[0] || me.name;
  const story = joined.data;

  return (
    <>
      <div className="max-w-2xl">
        <p className="flex flex-wrap items-center gap-2 text-sm font-semibold text-accent-700">
          {workspace}
          <Badge tone={admin ? "accent" : "neutral"}>{admin ? "Admin" : "Member"}</Badge>
        </p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-balance text-gray-900 sm:text-4xl">You're in, {firstName}</h1>
        <p className="mt-3 min-h-7 text-base text-pretty text-gray-600 sm:text-lg">
          {joined.isPending ? (
            <Skeleton className="h-6 w-80 max-w-full" />
          ) : story?.invitedBy ? (
            <>
              <strong className="font-medium text-gray-900">{story.invitedBy.name}</strong>{" "}
              {story.via === "link" ? "shared the link you joined" : "invited you"} {workspace === "Invitations" ? "" : `to ${workspace} `}
              on {formatDate(story.invitedAt ?? story.joinedAt)}. Here's what you can do now.
            </>
          ) : (
            <>Your account is ready. Here's what you can do now.</>
          )}
        </p>
        {/* Made from the email (ADMIN_EMAIL, or an invitation accepted without a name). */}
        {admin && me.name === me.email.split("@")[0] && (
          <p className="mt-5 rounded-lg border border-accent-100 bg-accent-50 px-4 py-3 text-sm text-pretty text-gray-700">
            People you invite will read “{me.name} invited you”.{" "}
            <Link to="/account" className="font-medium text-accent-700 underline underline-offset-2">
              Set your name
            </Link>{" "}
            so they know who it is.
          </p>
        )}
      </div>

      <div className="mt-10 grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <section aria-labelledby="home-next" className="space-y-3">
            <h2 id="home-next" className="text-sm font-semibold tracking-wide text-gray-500 uppercase">
              Next steps
            </h2>
            <ul className="grid gap-4 sm:grid-cols-2">
              {admin && (
                <LinkCard to="/admin" title="Invite people" icon={ICONS.invite}>
                  Send invitations, share a link, and see who has joined.
                </LinkCard>
              )}
              {admin && (
                <LinkCard to="/admin/members" title="Members" icon={ICONS.members}>
                  Everyone with an account, their roles and when they were last active.
                </LinkCard>
              )}
              <LinkCard to="/account" title="Your account" icon={ICONS.account}>
                Your name, password and the sign-in providers you've linked.
              </LinkCard>
              {admin ? (
                <LinkCard to="/admin/settings" title="Settings" icon={ICONS.settings}>
                  Who can join, where new people land, your branding and webhooks.
                </LinkCard>
              ) : (
                <LinkCard to="/account" title="Your devices" icon={ICONS.security}>
                  Check your devices, and sign out any you don't recognise.
                </LinkCard>
              )}
            </ul>
          </section>

          <section aria-labelledby="home-role" className="rounded-xl border border-gray-200 bg-white p-5 shadow-xs sm:p-6">
            <h2 id="home-role" className="text-base font-semibold text-gray-900">
              What you can do as {admin ? "an admin" : "a member"}
            </h2>
            <ul className={`mt-4 grid gap-x-6 gap-y-3 text-sm text-gray-700 ${admin ? "sm:grid-cols-2" : ""}`}>
              {(admin ? [...ABILITIES.ADMIN, ...ABILITIES.MEMBER.slice(1, 2)] : ABILITIES.MEMBER).map((ability) => (
                <li key={ability} className="flex gap-2.5">
                  <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-accent-600">
                    <path
                      fillRule="evenodd"
                      d="M16.704 4.153a.75.75 0 0 1 .143 1.052l-8 10.5a.75.75 0 0 1-1.127.075l-4.5-4.5a.75.75 0 0 1 1.06-1.06l3.894 3.893 7.48-9.817a.75.75 0 0 1 1.05-.143Z"
                      clipRule="evenodd"
                    />
                  </svg>
                  {ability}
                </li>
              ))}
            </ul>
            {!admin && (
              <p className="mt-4 border-t border-gray-100 pt-4 text-sm text-gray-600">
                Need more access? Ask {story?.invitedBy ? story.invitedBy.name : "an admin"}: only admins can change roles.
              </p>
            )}
          </section>
        </div>

        <section aria-labelledby="home-membership" className="h-fit rounded-xl border border-gray-200 bg-white shadow-xs">
          <h2 id="home-membership" className="border-b border-gray-100 px-5 py-4 text-base font-semibold text-gray-900">
            Your membership
          </h2>
          <dl className="divide-y divide-gray-100 text-sm">
            <Row term="Workspace">{workspace}</Row>
            <Row term="Role">{admin ? "Admin" : "Member"}</Row>
            <Row term="Signed in as">
              <Email address={me.email} />
            </Row>
            {joined.isPending ? (
              <Row term="Joined">
                <Skeleton className="h-4 w-24" />
              </Row>
            ) : story ? (
              <>
                {story.invitedBy && (
                  <Row term={story.via === "link" ? "Link from" : "Invited by"}>
                    {story.invitedBy.name}
                    <span className="block text-xs font-normal text-gray-500">
                      <Email address={story.invitedBy.email} />
                    </span>
                  </Row>
                )}
                {story.via !== "other" && !story.invitedBy && <Row term="Invited by">An administrator</Row>}
                <Row term="Joined">{formatDate(story.joinedAt)}</Row>
              </>
            ) : null}
          </dl>
        </section>
      </div>
    </>
  );
}

/** Breaks after the @ when it must, rather than mid-word. */
function Email({ address }: { address: string }) {
  const at = address.lastIndexOf("@");
  return (
    <span className="break-words">
      {address.slice(0, at + 1)}
      <wbr />
      {address.slice(at + 1)}
    </span>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex gap-4 px-5 py-3">
      <dt className="w-24 shrink-0 text-gray-600">{term}</dt>
      <dd className="min-w-0 font-medium text-gray-900">{children}</dd>
    </div>
  );
}

function LinkCard({ to, title, icon, children }: { to: string; title: string; icon: string; children: ReactNode }) {
  return (
    <li>
      <Link
        to={to}
        className="group flex h-full gap-4 rounded-xl border border-gray-200 bg-white p-5 shadow-xs transition hover:border-accent-300 hover:shadow-sm"
      >
        <span aria-hidden="true" className="grid size-10 shrink-0 place-items-center rounded-lg bg-accent-50 text-accent-700 ring-1 ring-accent-100">
          <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-5">
            <path strokeLinecap="round" strokeLinejoin="round" d={icon} />
          </svg>
        </span>
        <span className="min-w-0">
          <span className="flex items-center gap-1 font-semibold text-gray-900">
            {title}
            <span aria-hidden="true" className="text-gray-400 transition-transform group-hover:translate-x-0.5">
              →
            </span>
          </span>
          <span className="mt-1 block text-sm text-gray-600">{children}</span>
        </span>
      </Link>
    </li>
  );
}
