import type { ReactNode } from "react";

/** The EMAIL_MISMATCH next steps: the invitation is untouched; use a password or another account. */
export function InvitationWaiting({
  provider,
  invitation,
  invitedEmail,
}: {
  provider: string;
  invitation: string | null;
  invitedEmail?: string;
}) {
  const invited = invitedEmail ? (
    <span className="font-medium break-words text-gray-900">{invitedEmail}</span>
  ) : (
    "the invited address"
  );
  return (
    <div className="space-y-4">
      <div>
        <h2 className="flex items-center gap-2 text-base font-semibold text-gray-900">
          <span aria-hidden="true" className="size-2 rounded-full bg-green-600" />
          Your invitation is still waiting
        </h2>
        <p className="mt-1 text-sm text-gray-600">Nothing was created, and the invitation link still works. You can:</p>
      </div>
      <ul className="space-y-3">
        <Option
          title="Use a password instead"
          icon="M16.5 10.5V6.75a4.5 4.5 0 1 0-9 0v3.75m-.75 11.25h10.5a2.25 2.25 0 0 0 2.25-2.25v-6.75a2.25 2.25 0 0 0-2.25-2.25H6.75a2.25 2.25 0 0 0-2.25 2.25v6.75a2.25 2.25 0 0 0 2.25 2.25Z"
        >
          Accept the invitation as {invited} with a password of your own.
        </Option>
        <Option title="Switch accounts" icon="M7.5 21 3 16.5m0 0L7.5 12M3 16.5h13.5m0-13.5L21 7.5m0 0L16.5 12M21 7.5H7.5">
          Sign out of {provider}, or pick the account whose verified email is {invited}, then try again.
        </Option>
      </ul>
      {!invitation && <p className="text-sm text-gray-600">Open the link in your invitation email again to choose.</p>}
    </div>
  );
}

function Option({ title, icon, children }: { title: string; icon: string; children: ReactNode }) {
  return (
    <li className="flex gap-3 rounded-lg border border-gray-200 p-3.5">
      <svg
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        className="mt-0.5 size-5 shrink-0 text-accent-600"
      >
        <path d={icon} />
      </svg>
      <div className="min-w-0 text-sm">
        <p className="font-semibold text-gray-900">{title}</p>
        <p className="mt-0.5 text-gray-600">{children}</p>
      </div>
    </li>
  );
}

export function Steps({ steps }: { steps: string[] }) {
  return (
    <ol className="space-y-3 text-sm text-gray-700">
      {steps.map((step, index) => (
        <li key={step} className="flex gap-3">
          <span
            aria-hidden="true"
            className="grid size-6 shrink-0 place-items-center rounded-full bg-accent-50 text-xs font-semibold text-accent-700 ring-1 ring-accent-600/20"
          >
            {index + 1}
          </span>
          <span className="pt-0.5">{step}</span>
        </li>
      ))}
    </ol>
  );
}

export function Hint({ children }: { children: ReactNode }) {
  return <p className="text-sm text-gray-700">{children}</p>;
}

