import type { ReactNode } from "react";

/*
 * The full page a one-time link shows when it can't be used (expired, already used, unknown)
 * or needs something else first: the same look as the invitation page's dead ends
 * (components/invitations/invite-outcome.tsx), for the sign-up, reset and setup links and the
 * shareable invite links (revoked, full).
 */

export type LinkOutcomeKind = "EXPIRED" | "USED" | "NOT_FOUND" | "INFO" | "REVOKED" | "FULL";

const looks: Record<LinkOutcomeKind, { tone: string; icon: string }> = {
  EXPIRED: {
    tone: "bg-amber-100 text-amber-600 ring-amber-50",
    icon: "M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm.75-13a.75.75 0 0 0-1.5 0v5c0 .41.34.75.75.75h4a.75.75 0 0 0 0-1.5h-3.25V5Z",
  },
  USED: {
    tone: "bg-green-100 text-green-600 ring-green-50",
    icon: "M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm3.86-9.8a.75.75 0 0 0-1.22-.88l-3.24 4.5-1.6-1.6a.75.75 0 0 0-1.06 1.06l2.22 2.22a.75.75 0 0 0 1.14-.09l3.76-5.2Z",
  },
  NOT_FOUND: {
    tone: "bg-gray-100 text-gray-500 ring-gray-50",
    icon: "M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0ZM8.94 6.94a.75.75 0 1 1-.18 1.49.75.75 0 0 1 .18-1.49Zm2.6-1.03A2.75 2.75 0 0 0 7.25 8a.75.75 0 0 0 1.5 0 1.25 1.25 0 1 1 1.96 1.03c-.6.41-1.46 1.01-1.46 2.22a.75.75 0 0 0 1.5 0c0-.34.2-.54.81-.97A2.75 2.75 0 0 0 11.54 5.9ZM10 15a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z",
  },
  REVOKED: {
    tone: "bg-red-100 text-red-600 ring-red-50",
    icon: "M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16ZM6.75 9.25a.75.75 0 0 0 0 1.5h6.5a.75.75 0 0 0 0-1.5h-6.5Z",
  },
  // People: a shareable link that has let in as many as it allows.
  FULL: {
    tone: "bg-amber-100 text-amber-600 ring-amber-50",
    icon: "M7 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm7.5 1a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5ZM1.615 16.428a1.224 1.224 0 0 1-.569-1.175 6.002 6.002 0 0 1 11.908 0c.058.467-.172.92-.57 1.174A9.953 9.953 0 0 1 7 18a9.953 9.953 0 0 1-5.385-1.572ZM14.5 16h-.106c.07-.297.088-.611.048-.933a7.47 7.47 0 0 0-1.588-3.755 4.502 4.502 0 0 1 5.874 2.636.818.818 0 0 1-.36.98A7.465 7.465 0 0 1 14.5 16Z",
  },
  INFO: {
    tone: "bg-accent-100 text-accent-600 ring-accent-50",
    icon: "M3 4a2 2 0 0 0-2 2v1.16l8.53 4.27a1 1 0 0 0 .94 0L19 7.16V6a2 2 0 0 0-2-2H3Zm16 5.04-7.64 3.82a3 3 0 0 1-2.72 0L1 9.04V14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V9.04Z",
  },
};

/** One screen: an icon, what happened, what to do now, and the buttons for it. */
export function LinkOutcome({
  kind,
  title,
  children,
  actions,
}: {
  kind: LinkOutcomeKind;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const { tone, icon } = looks[kind];
  return (
    <div className="mx-auto max-w-md py-6 text-center sm:py-10">
      <title>{`${title} · Invitations`}</title>
      <div className={`mx-auto grid size-14 place-items-center rounded-full ring-8 ${tone}`}>
        <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-7">
          <path fillRule="evenodd" clipRule="evenodd" d={icon} />
        </svg>
      </div>
      <h1 className="mt-6 text-2xl font-semibold tracking-tight text-balance text-gray-900 sm:text-3xl">{title}</h1>
      <div className="mt-3 space-y-3 text-base text-pretty text-gray-600" role="status">
        {children}
      </div>
      {actions && <div className="mt-8 flex flex-wrap items-center justify-center gap-3">{actions}</div>}
    </div>
  );
}
