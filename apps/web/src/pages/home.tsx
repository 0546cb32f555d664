import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { MemberHome } from "../components/home/member-home.tsx";
import { buttonClassName } from "../components/ui/button.tsx";
import { Skeleton } from "../components/ui/spinner.tsx";
import { getErrorMessage } from "../lib/errors.ts";
import { useMe } from "../lib/use-me.ts";
import { trpc } from "../trpc.ts";

export default function HomePage() {
  const me = useMe();
  return (
    <>
      <title>Invitations</title>
      {me.isPending ? <HeroSkeleton /> : me.data ? <MemberHome me={me.data} /> : <Intro />}
      {/* The version and database are for whoever runs the place, not for every visitor. */}
      {me.data?.role === "ADMIN" && (
        <footer className="mt-16 border-t border-gray-100 pt-5">
          <ApiHealth />
        </footer>
      )}
    </>
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
