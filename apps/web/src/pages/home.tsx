import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { buttonClassName } from "../components/ui/button.tsx";
import { Skeleton } from "../components/ui/spinner.tsx";
import { getErrorMessage } from "../lib/errors.ts";
import type { Me } from "../lib/session.ts";
import { useMe } from "../lib/use-me.ts";
import { trpc } from "../trpc.ts";

export default function HomePage() {
  const me = useMe();
  return (
    <>
      <title>Invitations</title>
      {me.isPending ? <HeroSkeleton /> : me.data ? <Welcome me={me.data} /> : <Intro />}
      {/* The version and database are for whoever runs the place, not for every visitor. */}
      {me.data?.role === "ADMIN" && (
        <footer className="mt-16 border-t border-gray-100 pt-5">
          <ApiHealth />
        </footer>
      )}
    </>
  );
}

function Welcome({ me }: { me: Me }) {
  const admin = me.role === "ADMIN";
  const firstName = me.name.split(/\s+/)[0] || me.name;
  return (
    <>
      <div className="max-w-2xl">
        <p className="text-sm font-semibold text-accent-700">{admin ? "Admin" : "Member"}</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-balance text-gray-900 sm:text-4xl">
          You're in, {firstName}
        </h1>
        <p className="mt-3 text-base text-pretty text-gray-600 sm:text-lg">
          {admin
            ? "Invite people by email, keep an eye on who has accepted, and manage where you're signed in."
            : "Your account is ready. You can review your profile and the devices you're signed in on at any time."}
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
      <ul className="mt-10 grid gap-4 sm:grid-cols-2">
        {admin && (
          <LinkCard
            to="/admin"
            title="Manage invitations"
            description="Invite people, resend or revoke links, and see who has joined."
            icon="M21.75 6.75v10.5a2.25 2.25 0 0 1-2.25 2.25h-15a2.25 2.25 0 0 1-2.25-2.25V6.75m19.5 0A2.25 2.25 0 0 0 19.5 4.5h-15a2.25 2.25 0 0 0-2.25 2.25m19.5 0v.243a2.25 2.25 0 0 1-1.07 1.916l-7.5 4.615a2.25 2.25 0 0 1-2.36 0L3.32 8.91a2.25 2.25 0 0 1-1.07-1.916V6.75"
          />
        )}
        <LinkCard
          to="/account"
          title="Your account"
          description="Your profile, sign-in methods and the devices signed in as you."
          icon="M15.75 6a3.75 3.75 0 1 1-7.5 0 3.75 3.75 0 0 1 7.5 0ZM4.501 20.118a7.5 7.5 0 0 1 14.998 0A17.933 17.933 0 0 1 12 21.75c-2.676 0-5.216-.584-7.499-1.632Z"
        />
      </ul>
    </>
  );
}

function LinkCard({ to, title, description, icon }: { to: string; title: string; description: string; icon: string }) {
  return (
    <li>
      <Link
        to={to}
        className="group flex h-full gap-4 rounded-xl border border-gray-200 bg-white p-5 shadow-xs transition hover:border-accent-300 hover:shadow-sm"
      >
        <span
          aria-hidden="true"
          className="grid size-10 shrink-0 place-items-center rounded-lg bg-accent-50 text-accent-700 ring-1 ring-accent-100"
        >
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
          <span className="mt-1 block text-sm text-gray-600">{description}</span>
        </span>
      </Link>
    </li>
  );
}

function Intro() {
  const open = useQuery(trpc.settings.public.queryOptions()).data?.registration === "OPEN";
  return (
    <>
      <div className="max-w-2xl">
        <h1 className="text-3xl font-semibold tracking-tight text-balance text-gray-900 sm:text-4xl">
          Bring people in by invitation
        </h1>
        <p className="mt-3 text-base text-pretty text-gray-600 sm:text-lg">
          Administrators invite people by email. Invitees follow the link to create their account with a password or
          a sign-in provider.
        </p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Link to="/sign-in" className={buttonClassName()}>
            Sign in
          </Link>
          {open && (
            <Link to="/sign-up" className={buttonClassName({ variant: "secondary" })}>
              Create an account
            </Link>
          )}
        </div>
      </div>
      <ul className="mt-12 grid gap-6 text-sm sm:grid-cols-3">
        {open ? (
          <Feature title="Open to sign-up">Anyone can create an account; administrators can also invite people by email.</Feature>
        ) : (
          <Feature title="Invite only">Nobody gets in without a link from an administrator.</Feature>
        )}
        <Feature title="One link, one account">Links work once and expire; resending retires the old one.</Feature>
        <Feature title="Have an invitation?">
          Open the link in your email to accept it. Expired? Ask whoever invited you for a new one.
        </Feature>
      </ul>
    </>
  );
}

function Feature({ title, children }: { title: string; children: ReactNode }) {
  return (
    <li className="border-l-2 border-accent-200 pl-4">
      <p className="font-semibold text-gray-900">{title}</p>
      <p className="mt-1 text-gray-600">{children}</p>
    </li>
  );
}

function HeroSkeleton() {
  return (
    <div role="status" className="max-w-2xl">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-10 w-80 max-w-full" />
      <Skeleton className="mt-4 h-5 w-full" />
      <Skeleton className="mt-2 h-5 w-2/3" />
      <Skeleton className="mt-6 h-10 w-28" />
    </div>
  );
}

/** One quiet line: whether the API and its database answer. */
function ApiHealth() {
  const health = useQuery(trpc.health.queryOptions());

  if (health.isPending) {
    return (
      <div role="status" className="flex items-center gap-2.5">
        <span className="sr-only">Checking the API…</span>
        <Skeleton className="size-2 rounded-full" />
        <Skeleton className="h-3.5 w-56" />
      </div>
    );
  }

  if (health.isError) {
    return (
      <p role="alert" className="flex flex-wrap items-center gap-x-2.5 gap-y-1 text-xs text-gray-600">
        <span aria-hidden="true" className="size-2 rounded-full bg-red-600 ring-4 ring-red-100" />
        <span>
          <strong className="font-medium text-red-800">Can't reach the API.</strong> {getErrorMessage(health.error)}
        </span>
        <button
          type="button"
          onClick={() => void health.refetch()}
          disabled={health.isFetching}
          className="font-medium text-accent-700 underline-offset-2 hover:underline disabled:opacity-60"
        >
          {health.isFetching ? "Retrying…" : "Try again"}
        </button>
      </p>
    );
  }

  const { ok, database, version } = health.data;
  return (
    <p role="status" className="flex flex-wrap items-center gap-x-2.5 gap-y-1 text-xs text-gray-500">
      <span
        aria-hidden="true"
        className={ok ? "size-2 rounded-full bg-green-600 ring-4 ring-green-100" : "size-2 rounded-full bg-amber-500 ring-4 ring-amber-100"}
      />
      <span>
        <span className="font-medium text-gray-700">{ok ? "API healthy" : "API degraded"}</span> · {database} database ·
        version {version}
      </span>
    </p>
  );
}
