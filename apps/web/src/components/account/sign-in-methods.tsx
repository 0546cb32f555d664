// The account page's sign-in methods: the password and linked providers, link and unlink.
import { reasonMessages } from "@invite/schemas";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { ChangePasswordDialog } from "../change-password-dialog.tsx";
import { ProviderIcon, providerName, providerStartUrl } from "../provider-buttons.tsx";
import { ConfirmDialog } from "../ui/alert-dialog.tsx";
import { Alert } from "../ui/alert.tsx";
import { Badge } from "../ui/badge.tsx";
import { Button, buttonClassName } from "../ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../ui/card.tsx";
import { Skeleton } from "../ui/spinner.tsx";
import { toast } from "../ui/toaster.tsx";
import { getErrorMessage, getErrorReason } from "../../lib/errors.ts";
import type { Me } from "../../lib/session.ts";
import { formatDateTime, formatRelative, useNow } from "../../lib/time.ts";
import { queryClient, trpc } from "../../trpc.ts";
import { LoadError } from "../load-error.tsx";
import { Separator } from "./separator.tsx";

type SignInMethodsData = inferOutput<typeof trpc.account.signInMethods>;
type LinkedProvider = SignInMethodsData["linked"][number];

/**
 * Password and linked providers (GitHub, Google, an OIDC issuer): unlink with a confirmation,
 * link another with a full-page trip to the provider (`/auth/<id>/start?mode=link`), which
 * comes back to `/account?linked=<id>`.
 */
export function SignInMethods({ me }: { me: Me }) {
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

