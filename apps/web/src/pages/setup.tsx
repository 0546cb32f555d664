import { useMutation, useQuery } from "@tanstack/react-query";
import { Fragment, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { AccountFields } from "../components/account-fields.tsx";
import { AuthCard, AuthCardSkeleton } from "../components/auth-card.tsx";
import { Alert } from "../components/ui/alert.tsx";
import { Button, buttonClassName } from "../components/ui/button.tsx";
import { toast } from "../components/ui/toaster.tsx";
import { getErrorMessage, getErrorReason } from "../lib/errors.ts";
import { startSession } from "../lib/session.ts";
import { isFieldFailure, useAccountForm } from "../lib/use-account-form.ts";
import { useMe } from "../lib/use-me.ts";
import { trpc } from "../trpc.ts";
import { LoadError } from "../components/load-error.tsx";
import { LinkOutcome } from "../components/link-outcome.tsx";

/** `/setup/:token`: the one-time link printed at first start creates the first administrator. */
export default function SetupPage() {
  const status = useQuery(trpc.setup.status.queryOptions());
  // An answer of ADMIN_EXISTS from the form ends up on the same screen.
  const [adminExists, setAdminExists] = useState(false);

  if (status.isPending) return <AuthCardSkeleton />;
  if (status.isError) {
    return (
      <AuthCard title="Create the first admin">
        <LoadError title="We couldn't check this installation" query={status} />
      </AuthCard>
    );
  }
  if (adminExists || !status.data.needsAdmin) return <AdminExists />;
  return <CheckedSetupLink onAdminExists={() => setAdminExists(true)} />;
}

/** The link is checked as the page opens (spending nothing): a dead one says so before the form. */
function CheckedSetupLink({ onAdminExists }: { onAdminExists: () => void }) {
  const { token = "" } = useParams();
  const preview = useQuery(trpc.setup.preview.queryOptions({ token }, { staleTime: Infinity }));
  const [dead, setDead] = useState(false);
  if (preview.isPending) return <AuthCardSkeleton />;
  const reason = preview.error ? getErrorReason(preview.error) : undefined;
  if (dead || reason === "SETUP_TOKEN_INVALID" || reason === "VALIDATION_FAILED") return <SetupLinkOutcome kind="NOT_FOUND" />;
  if (!preview.data) {
    return (
      <AuthCard title="Create the first admin">
        <LoadError title="We couldn't check this setup link" query={preview} />
      </AuthCard>
    );
  }
  if (preview.data.status !== "PENDING") return <SetupLinkOutcome kind={preview.data.status} />;
  return <SetupForm onAdminExists={onAdminExists} onDead={() => setDead(true)} />;
}

/** How to get a working link: the operator's terminal, not anyone on this page. */
function SetupLinkOutcome({ kind }: { kind: "USED" | "EXPIRED" | "NOT_FOUND" }) {
  const title = {
    USED: "This setup link was already used",
    EXPIRED: "This setup link has expired",
    NOT_FOUND: "This setup link doesn't work",
  }[kind];
  const why = {
    USED: "Setup links work once.",
    EXPIRED: "Setup links work for 24 hours after the server prints them.",
    NOT_FOUND: "It may have been replaced by a newer one (each new link retires the ones before), or cut short when copied.",
  }[kind];
  return (
    <LinkOutcome kind={kind} title={title}>
      <p>{why}</p>
      <p>
        Whoever runs the server can print a new one with <Command>pnpm cli setup-link</Command>, or create the admin
        directly with <Command>pnpm cli create-admin</Command>.
      </p>
    </LinkOutcome>
  );
}

function AdminExists() {
  const { data: me } = useMe();
  return (
    <AuthCard title="Setup is complete" eyebrow="First-time setup">
      <div className="text-center">
        <div
          aria-hidden="true"
          className="mx-auto mb-4 grid size-12 place-items-center rounded-full bg-green-50 text-green-600 ring-1 ring-green-600/20"
        >
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-6">
            <path
              fillRule="evenodd"
              clipRule="evenodd"
              d="M16.7 5.3a1 1 0 0 1 0 1.4l-7.5 7.5a1 1 0 0 1-1.4 0l-3.5-3.5a1 1 0 1 1 1.4-1.4l2.8 2.79 6.8-6.79a1 1 0 0 1 1.4 0Z"
            />
          </svg>
        </div>
        <p className="text-base font-semibold text-gray-900">An administrator already exists</p>
        {me ? (
          <>
            <p className="mt-1 text-sm text-gray-600">This link is no longer needed. You're signed in as {me.email}.</p>
            <Link to="/" className={buttonClassName({ className: "mt-6 w-full" })}>
              Continue to Invitations
            </Link>
          </>
        ) : (
          <>
            <p className="mt-1 text-sm text-gray-600">
              This link is no longer needed. Sign in with your account; if you don't have one, ask an administrator
              for an invitation.
            </p>
            <Link to="/sign-in" className={buttonClassName({ className: "mt-6 w-full" })}>
              Sign in
            </Link>
          </>
        )}
      </div>
    </AuthCard>
  );
}

function SetupForm({ onAdminExists, onDead }: { onAdminExists: () => void; onDead: () => void }) {
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const form = useAccountForm();
  const { values, validate, showServerError } = form;
  const { email, name, password } = values;
  const createAdmin = useMutation(trpc.setup.createAdmin.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!validate()) return createAdmin.reset();
    createAdmin.mutate(
      { token, email, name, password },
      {
        onSuccess: ({ user }) => {
          startSession(user);
          toast.success(`Welcome, ${user.name}. You're the administrator.`);
          navigate("/admin", { replace: true });
        },
        onError: (error) => {
          if (getErrorReason(error) === "ADMIN_EXISTS") return onAdminExists();
          // Used meanwhile (another tab, another server's link), or retired by a newer one.
          if (getErrorReason(error) === "SETUP_TOKEN_INVALID") return onDead();
          showServerError(error, "Someone with this email already has an account. Use another email.");
        },
      },
    );
  }

  const formError = createAdmin.error && !isFieldFailure(createAdmin.error) ? createAdmin.error : null;

  return (
    <AuthCard
      eyebrow="First-time setup"
      title="Create the first admin"
      description="This one-time link sets up the administrator account. You can invite everyone else once you're in."
    >
      <form noValidate onSubmit={submit} className="space-y-5" aria-label="Create the first admin">
        {formError && (
          <Alert tone="error" role="alert">
            <WithCode text={getErrorMessage(formError)} />
          </Alert>
        )}
        <AccountFields form={form} nameHint="Shown to the people you invite." emailAutoComplete="email" />
        <Button type="submit" className="w-full" loading={createAdmin.isPending}>
          {createAdmin.isPending ? "Creating your account…" : "Create admin account"}
        </Button>
      </form>
    </AuthCard>
  );
}

function Command({ children }: { children: string }) {
  return <code className="rounded bg-gray-100 px-1 py-0.5 font-mono text-[0.875em] text-gray-900">{children}</code>;
}

/** Renders `code` spans in server messages ("Run `pnpm cli create-admin`…"). */
function WithCode({ text }: { text: string }) {
  return text.split("`").map((part, i) =>
    i % 2 ? (
      <code key={i} className="rounded bg-white/70 px-1 py-0.5 font-mono text-[0.8125rem]">
        {part}
      </code>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}
