import { nameSchema, reasonMessages } from "@invite/schemas";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { ChangePasswordDialog } from "../components/change-password-dialog.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { ProviderIcon, providerName, providerStartUrl } from "../components/provider-buttons.tsx";
import { ConfirmDialog } from "../components/ui/alert-dialog.tsx";
import { Alert } from "../components/ui/alert.tsx";
import { Badge } from "../components/ui/badge.tsx";
import { Button, buttonClassName } from "../components/ui/button.tsx";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../components/ui/card.tsx";
import { FieldError, Input } from "../components/ui/field.tsx";
import { Skeleton } from "../components/ui/spinner.tsx";
import { toast } from "../components/ui/toaster.tsx";
import { getErrorMessage, getErrorReason, getFieldErrors } from "../lib/errors.ts";
import type { Me } from "../lib/session.ts";
import { useMe } from "../lib/use-me.ts";
import { formatDate, formatDateTime, formatRelative, useNow } from "../lib/time.ts";
import { parseUserAgent, type Device, type DeviceKind } from "../lib/user-agent.ts";
import { queryClient, trpc } from "../trpc.ts";
import { LoadError } from "../components/load-error.tsx";

export default function AccountPage() {
  // The route guard has already waited for `auth.me`, so this is the signed-in user.
  const { data: me } = useMe();
  return (
    <>
      <title>Account · Invitations</title>
      <PageHeader
        title="Account"
        description="Your profile, how you sign in, and the devices that are signed in to your account."
      />
      <div className="space-y-8">
        {me && <Profile me={me} />}
        {me && <SignInMethods me={me} />}
        <Sessions />
      </div>
    </>
  );
}

function Profile({ me }: { me: Me }) {
  return (
    <Card aria-labelledby="profile-title">
      <CardHeader>
        <CardTitle id="profile-title">Profile</CardTitle>
        <CardDescription>How you appear to other people here. Ask an admin to change your role.</CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-x-8 gap-y-5 sm:grid-cols-3">
          <Detail term="Name">
            <NameEditor name={me.name} />
          </Detail>
          <Detail term="Email">
            <span className="break-all">{me.email}</span>
          </Detail>
          <Detail term="Role">
            {me.role === "ADMIN" ? <Badge tone="accent">Admin</Badge> : <Badge>Member</Badge>}
          </Detail>
        </dl>
      </CardContent>
    </Card>
  );
}

/** The name with a "Change" button that turns it into a small form; Escape cancels. */
function NameEditor({ name }: { name: string }) {
  const [editing, setEditing] = useState(false);
  // After Save, Cancel or Escape the form goes away: keyboard focus goes back to "Change".
  const changeRef = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (!editing && refocus.current) changeRef.current?.focus();
    refocus.current = false;
  }, [editing]);
  const close = () => {
    refocus.current = true;
    setEditing(false);
  };
  const [draft, setDraft] = useState(name);
  const rename = useMutation(trpc.account.rename.mutationOptions());
  const [invalid, setInvalid] = useState<string | null>(null);
  const error = invalid ?? (rename.error ? (getFieldErrors(rename.error).name ?? getErrorMessage(rename.error)) : null);

  if (!editing) {
    return (
      <span className="flex flex-wrap items-center gap-x-2">
        <span className="[overflow-wrap:anywhere]">{name}</span>
        <Button
          ref={changeRef}
          variant="ghost"
          size="sm"
          className="-my-1"
          aria-label="Change your name"
          onClick={() => {
            setDraft(name);
            setInvalid(null);
            rename.reset();
            setEditing(true);
          }}
        >
          Change
        </Button>
      </span>
    );
  }
  return (
    <form
      noValidate
      aria-label="Change your name"
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        // The server's own rule, checked here first so a blank name never makes a round trip.
        const checked = nameSchema.safeParse(draft);
        setInvalid(checked.success ? null : (checked.error.issues[0]?.message ?? "Enter your name."));
        if (!checked.success) return;
        rename.mutate(
          { name: checked.data },
          {
            onSuccess: ({ name: saved }) => {
              queryClient.setQueryData(trpc.auth.me.queryKey(), (me) => (me ? { ...me, name: saved } : me));
              close();
              toast.success("Name changed", { description: `People here now see you as ${saved}.` });
            },
          },
        );
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape") close();
      }}
    >
      <Input
        aria-label="Name"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        autoComplete="name"
        maxLength={100}
        autoFocus
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "rename-error" : undefined}
      />
      {error && (
        <FieldError id="rename-error" role="alert">
          {error}
        </FieldError>
      )}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={rename.isPending}>
          {rename.isPending ? "Saving…" : "Save"}
        </Button>
        <Button type="button" variant="secondary" size="sm" onClick={close}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-sm font-medium text-gray-500">{term}</dt>
      <dd className="mt-1 text-sm text-gray-900">{children}</dd>
    </div>
  );
}

type SignInMethodsData = inferOutput<typeof trpc.account.signInMethods>;
type LinkedProvider = SignInMethodsData["linked"][number];

/**
 * Password and linked providers (GitHub, Google, an OIDC issuer): unlink with a confirmation,
 * link another with a full-page trip to the provider (`/auth/<id>/start?mode=link`), which
 * comes back to `/account?linked=<id>`.
 */
function SignInMethods({ me }: { me: Me }) {
  const methods = useQuery(trpc.account.signInMethods.queryOptions());
  const [changingPassword, setChangingPassword] = useState(false);
  // Which linked providers still work here: one no longer configured can't sign anyone in.
  const configured = useQuery(trpc.auth.providers.queryOptions());
  const [unlinking, setUnlinking] = useState<LinkedProvider | null>(null);
  useLinkedToast(methods.data, methods.isPending);

  return (
    <Card aria-labelledby="methods-title">
      <CardHeader>
        <CardTitle id="methods-title">Sign-in methods</CardTitle>
        <CardDescription>The ways you can sign in to this account. Keep at least one.</CardDescription>
      </CardHeader>
      <div className="mt-5 border-t border-gray-100">
        {methods.isPending ? (
          <MethodsSkeleton />
        ) : methods.isError ? (
          <div className="p-5 sm:px-6">
            <LoadError title="We couldn't load your sign-in methods" query={methods} />
          </div>
        ) : (
          <MethodList
            data={methods.data}
            configured={configured.data?.map((provider) => provider.id)}
            email={me.email}
            onUnlink={setUnlinking}
            onChangePassword={() => setChangingPassword(true)}
          />
        )}
      </div>
      <UnlinkDialog method={unlinking} onClose={() => setUnlinking(null)} />
      <ChangePasswordDialog open={changingPassword} onOpenChange={setChangingPassword} related={[me.email, me.name]} />
    </Card>
  );
}

function MethodList({
  data,
  configured,
  email,
  onUnlink,
  onChangePassword,
}: {
  data: SignInMethodsData;
  /** The account's email, carried to the reset page. */
  email: string;
  onChangePassword: () => void;
  /** Ids of the providers this server has; undefined while unknown (then every linked one counts). */
  configured: string[] | undefined;
  onUnlink: (method: LinkedProvider) => void;
}) {
  const now = useNow();
  const usable = (method: LinkedProvider) => !configured || configured.includes(method.provider);
  // What would still let you in without this provider (the server decides, this explains).
  const othersThan = (provider: string) =>
    Number(data.password) + data.linked.filter((method) => method.provider !== provider && usable(method)).length;

  return (
    <ul aria-label="Sign-in methods" className="divide-y divide-gray-100">
      <li className="flex items-center gap-4 px-5 py-4 sm:px-6">
        <MethodIcon>
          <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-5">
            <path
              strokeLinecap="round"
              strokeLinejoin="round"
              d="M16.5 10.5V6.75a4.5 4.5 0 1 0-9 0v3.75m-.75 11.25h10.5a2.25 2.25 0 0 0 2.25-2.25v-6.75a2.25 2.25 0 0 0-2.25-2.25H6.75a2.25 2.25 0 0 0-2.25 2.25v6.75a2.25 2.25 0 0 0 2.25 2.25Z"
            />
          </svg>
        </MethodIcon>
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span className="font-medium text-gray-900">Password</span>
            {data.password ? (
              <Badge tone="success" dot>
                Set
              </Badge>
            ) : (
              <Badge>Not set</Badge>
            )}
          </p>
          <p className="mt-1 text-sm text-gray-600">
            {data.password
              ? "Sign in with your email address and password."
              : "You sign in with a linked account only. A password reset link sets one."}
          </p>
        </div>
        {data.password ? (
          <Button variant="secondary" size="sm" onClick={onChangePassword}>
            Change<span className="sr-only"> password</span>
          </Button>
        ) : (
          <Link
            to="/forgot-password"
            state={{ email }}
            className={buttonClassName({ variant: "secondary", size: "sm" })}
          >
            Set a password
          </Link>
        )}
      </li>

      {data.linked.map((method) => {
        const only = othersThan(method.provider) === 0;
        const hintId = `unlink-hint-${method.provider}`;
        return (
          <li key={method.provider} className="flex items-center gap-4 px-5 py-4 sm:px-6">
            <MethodIcon>
              <ProviderIcon id={method.provider} />
            </MethodIcon>
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="font-medium text-gray-900">{method.name}</span>
                <Badge tone="success" dot>
                  Linked
                </Badge>
              </p>
              <p className="mt-1 flex flex-col text-sm text-gray-600 sm:flex-row sm:flex-wrap sm:gap-x-2">
                {method.email && <span className="break-words">{method.email}</span>}
                {method.email && <Separator />}
                <span>
                  Linked{" "}
                  <time dateTime={method.linkedAt.toISOString()} title={formatDateTime(method.linkedAt)}>
                    {formatRelative(method.linkedAt, now)}
                  </time>
                </span>
              </p>
              {only && (
                <p id={hintId} className="mt-2 text-sm text-amber-800">
                  This is your only way to sign in. Link another provider before unlinking it.
                </p>
              )}
            </div>
            <Button
              variant="secondary"
              size="sm"
              disabled={only}
              aria-describedby={only ? hintId : undefined}
              onClick={() => onUnlink(method)}
             
            >
              Unlink<span className="sr-only"> {method.name}</span>
            </Button>
          </li>
        );
      })}

      {data.available.map((provider) => (
        <li key={provider.id} className="flex items-center gap-4 px-5 py-4 sm:px-6">
          <MethodIcon>
            <ProviderIcon id={provider.id} className="opacity-70" />
          </MethodIcon>
          <div className="min-w-0 flex-1">
            <p className="font-medium text-gray-900">{provider.name}</p>
            <p className="mt-1 text-sm text-gray-600">Not linked. Link it to sign in with {provider.name} too.</p>
          </div>
          {/* A full-page navigation: the provider asks who you are, then sends you back here. */}
          <a
            href={providerStartUrl(provider.id, { mode: "link" })}
            className={buttonClassName({ variant: "secondary", size: "sm" })}
          >
            Link {provider.name}
          </a>
        </li>
      ))}
    </ul>
  );
}

function MethodIcon({ children }: { children: ReactNode }) {
  return (
    <div
      aria-hidden="true"
      className="hidden size-10 shrink-0 place-items-center rounded-lg bg-gray-50 text-gray-500 ring-1 ring-gray-200 min-[420px]:grid"
    >
      {children}
    </div>
  );
}

/** Back from linking (`/account?linked=github`): say so once, and drop the parameter from the URL. */
function useLinkedToast(data: SignInMethodsData | undefined, pending: boolean) {
  const location = useLocation();
  const navigate = useNavigate();
  const linked = new URLSearchParams(location.search).get("linked");
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (!linked || pending || shown.current === location.key) return;
    shown.current = location.key;
    const name = data?.linked.find((method) => method.provider === linked)?.name ?? providerName(linked);
    toast.success(`${name} linked`, { description: `You can now sign in with ${name}.` });
    const params = new URLSearchParams(location.search);
    params.delete("linked");
    const search = params.toString();
    navigate({ pathname: location.pathname, search: search ? `?${search}` : "", hash: location.hash }, { replace: true });
  }, [linked, pending, data, location, navigate]);
}

function UnlinkDialog({ method, onClose }: { method: LinkedProvider | null; onClose: () => void }) {
  const unlink = useMutation(
    trpc.account.unlinkProvider.mutationOptions({
      onSuccess: ({ methods }, { provider }) => {
        queryClient.setQueryData(trpc.account.signInMethods.queryKey(), methods);
        toast.success(`${method?.name ?? providerName(provider)} unlinked`);
        onClose();
      },
      onError: (error) => {
        // Unlinked meanwhile (another tab): the goal is reached.
        if (getErrorReason(error) === "NOT_FOUND") {
          toast.info(`${method?.name ?? "That provider"} was already unlinked.`);
          onClose();
        }
      },
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.account.signInMethods.pathFilter());
        void queryClient.invalidateQueries(trpc.auth.me.queryFilter());
      },
    }),
  );

  const reason = unlink.error ? getErrorReason(unlink.error) : undefined;
  return (
    <ConfirmDialog
      open={method !== null}
      onOpenChange={(open) => {
        if (!open) {
          unlink.reset();
          onClose();
        }
      }}
      destructive
      pending={unlink.isPending}
      title={`Unlink ${method?.name ?? "provider"}?`}
      description={
        method
          ? `You won't be able to sign in with ${method.name}${method.email ? ` (${method.email})` : ""} any more. You can link it again later.`
          : ""
      }
      confirmLabel="Unlink"
      onConfirm={() => method && unlink.mutate({ provider: method.provider })}
    >
      {unlink.error && reason !== "NOT_FOUND" && (
        <Alert tone="error" role="alert" title={reason === "LAST_SIGN_IN_METHOD" ? "This is your only way to sign in" : undefined}>
          {reason === "LAST_SIGN_IN_METHOD"
            ? `${reasonMessages.LAST_SIGN_IN_METHOD} Link another provider first, then unlink ${method?.name ?? "this one"}.`
            : getErrorMessage(unlink.error)}
        </Alert>
      )}
    </ConfirmDialog>
  );
}

function MethodsSkeleton() {
  return (
    <div role="status" className="divide-y divide-gray-100">
      <span className="sr-only">Loading sign-in methods…</span>
      {[0, 1].map((row) => (
        <div key={row} className="flex items-center gap-4 px-5 py-4 sm:px-6">
          <Skeleton className="hidden size-10 rounded-lg min-[420px]:block" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-3.5 w-56 max-w-full" />
          </div>
        </div>
      ))}
    </div>
  );
}

type Session = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
};

function Sessions() {
  const sessions = useQuery({
    ...trpc.auth.sessions.queryOptions(),
    // This device first, then the most recently active.
    select: (list) => [...list].sort((a, b) => Number(b.current) - Number(a.current)),
  });
  const [revoking, setRevoking] = useState<Session | null>(null);

  return (
    <Card aria-labelledby="sessions-title">
      <CardHeader>
        <CardTitle id="sessions-title">Sessions</CardTitle>
        <CardDescription>
          Where you're signed in. If you don't recognise a device, sign it out and tell an administrator.
        </CardDescription>
      </CardHeader>
      <div className="mt-5 border-t border-gray-100">
        {sessions.isPending ? (
          <SessionsSkeleton />
        ) : sessions.isError ? (
          <div className="p-5 sm:px-6">
            <LoadError title="We couldn't load your sessions" query={sessions} />
          </div>
        ) : sessions.data.length === 0 ? (
          <p className="px-5 py-8 text-center text-sm text-gray-600 sm:px-6">No active sessions.</p>
        ) : (
          <>
            <ul aria-label="Sessions" className="divide-y divide-gray-100">
              {sessions.data.map((session) => (
                <SessionRow key={session.id} session={session} onRevoke={() => setRevoking(session)} />
              ))}
            </ul>
            {sessions.data.length === 1 && sessions.data[0]?.current && (
              <p className="border-t border-gray-100 px-5 py-3 text-sm text-gray-600 sm:px-6">
                You're only signed in on this device.
              </p>
            )}
          </>
        )}
      </div>
      <RevokeDialog session={revoking} onClose={() => setRevoking(null)} />
    </Card>
  );
}

function SessionRow({ session, onRevoke }: { session: Session; onRevoke: () => void }) {
  const now = useNow();
  const device = parseUserAgent(session.userAgent);
  const lastSeen = formatRelative(session.lastSeenAt, now);
  const ip = displayIp(session.ip);
  return (
    <li className="flex items-center gap-4 px-5 py-4 sm:px-6">
      <DeviceIcon kind={device.kind} />
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="font-medium text-gray-900">{device.label}</span>
          {session.current && (
            <Badge tone="success" dot>
              This device
            </Badge>
          )}
        </p>
        {/* Stacked on phones, one line with separators from `sm`. */}
        <p className="mt-1 flex flex-col text-sm text-gray-600 sm:flex-row sm:flex-wrap sm:gap-x-2">
          <span>
            {session.current ? (
              "Active now"
            ) : (
              <>
                Last active{" "}
                <time dateTime={session.lastSeenAt.toISOString()} title={formatDateTime(session.lastSeenAt)}>
                  {lastSeen}
                </time>
              </>
            )}
          </span>
          <Separator />
          <span>
            Signed in{" "}
            <time
              dateTime={session.createdAt.toISOString()}
              title={formatDateTime(session.createdAt)}
              className="whitespace-nowrap"
            >
              {formatDate(session.createdAt)}
            </time>
          </span>
          {ip && (
            <>
              <Separator />
              <span>
                IP <span className="tabular-nums">{ip}</span>
              </span>
            </>
          )}
        </p>
      </div>
      {!session.current && (
        <Button variant="secondary" size="sm" onClick={onRevoke}>
          Sign out<span className="sr-only"> {describe(device, session, lastSeen)}</span>
        </Button>
      )}
    </li>
  );
}

function describe(device: Device, session: Session, lastSeen: string) {
  const ip = displayIp(session.ip);
  return `${device.label}${ip ? ` (${ip})` : ""}, last active ${lastSeen}`;
}

/** `::ffff:203.0.113.7` (an IPv4 client on a dual-stack socket) reads as `203.0.113.7`. */
function displayIp(ip: string | null): string | null {
  return ip?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "") || null;
}

function Separator() {
  return (
    <span aria-hidden="true" className="hidden text-gray-300 sm:inline">
      ·
    </span>
  );
}

function RevokeDialog({ session, onClose }: { session: Session | null; onClose: () => void }) {
  const now = useNow();
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: (_data, { id }) => {
        removeSession(id);
        toast.success("Session signed out");
        onClose();
      },
      onError: (error, { id }) => {
        // Signed out meanwhile (expired, or from another tab): the goal is reached.
        if (getErrorReason(error) === "NOT_FOUND") {
          removeSession(id);
          toast.info("That session had already ended.");
          onClose();
        }
      },
      onSettled: () => queryClient.invalidateQueries(trpc.auth.sessions.pathFilter()),
    }),
  );

  const device = session && parseUserAgent(session.userAgent);
  const error = revoke.error && getErrorReason(revoke.error) !== "NOT_FOUND" ? revoke.error : null;
  return (
    <ConfirmDialog
      open={session !== null}
      onOpenChange={(open) => {
        if (!open) {
          revoke.reset();
          onClose();
        }
      }}
      destructive
      pending={revoke.isPending}
      title="Sign out this session?"
      description={
        session && device
          ? `${describe(device, session, formatRelative(session.lastSeenAt, now))}. Whoever uses it will need to sign in again.`
          : ""
      }
      confirmLabel="Sign out session"
      onConfirm={() => session && revoke.mutate({ id: session.id })}
    >
      {error && (
        <Alert tone="error" role="alert">
          {getErrorMessage(error)}
        </Alert>
      )}
    </ConfirmDialog>
  );
}

function removeSession(id: string) {
  queryClient.setQueryData(trpc.auth.sessions.queryKey(), (list) => list?.filter((session) => session.id !== id));
}

function SessionsSkeleton() {
  return (
    <div role="status" className="divide-y divide-gray-100">
      <span className="sr-only">Loading sessions…</span>
      {[0, 1].map((row) => (
        <div key={row} className="flex items-center gap-4 px-5 py-4 sm:px-6">
          <Skeleton className="hidden size-10 rounded-lg min-[420px]:block" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="h-3.5 w-64 max-w-full" />
          </div>
        </div>
      ))}
    </div>
  );
}

function DeviceIcon({ kind }: { kind: DeviceKind }) {
  return (
    <div
      aria-hidden="true"
      className="hidden size-10 shrink-0 place-items-center rounded-lg bg-gray-100 text-gray-500 ring-1 ring-gray-200 min-[420px]:grid"
    >
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-5">
        {kind === "mobile" ? (
          <path
            strokeLinecap="round"
            strokeLinejoin="round"
            d="M10.5 1.5H8.25A2.25 2.25 0 0 0 6 3.75v16.5a2.25 2.25 0 0 0 2.25 2.25h7.5A2.25 2.25 0 0 0 18 20.25V3.75a2.25 2.25 0 0 0-2.25-2.25H13.5m-3 0V3h3V1.5m-3 0h3m-3 18.75h3"
          />
        ) : kind === "tablet" ? (
          <path
            strokeLinecap="round"
            strokeLinejoin="round"
            d="M10.5 19.5h3m-6.75 2.25h10.5a2.25 2.25 0 0 0 2.25-2.25v-15a2.25 2.25 0 0 0-2.25-2.25H6.75A2.25 2.25 0 0 0 4.5 4.5v15a2.25 2.25 0 0 0 2.25 2.25Z"
          />
        ) : kind === "desktop" ? (
          <path
            strokeLinecap="round"
            strokeLinejoin="round"
            d="M9 17.25v1.007a3 3 0 0 1-.879 2.122L7.5 21h9l-.621-.621A3 3 0 0 1 15 18.257V17.25m6-12V15a2.25 2.25 0 0 1-2.25 2.25H5.25A2.25 2.25 0 0 1 3 15V5.25m18 0A2.25 2.25 0 0 0 18.75 3H5.25A2.25 2.25 0 0 0 3 5.25m18 0V12a2.25 2.25 0 0 1-2.25 2.25H5.25A2.25 2.25 0 0 1 3 12V5.25"
          />
        ) : (
          <path
            strokeLinecap="round"
            strokeLinejoin="round"
            d="M17.25 6.75 22.5 12l-5.25 5.25m-10.5 0L1.5 12l5.25-5.25m7.5-3-4.5 16.5"
          />
        )}
      </svg>
    </div>
  );
}
