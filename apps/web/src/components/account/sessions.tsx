// The account page's signed-in devices: each session, and signing one (or this one) out.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "../ui/alert-dialog.tsx";
import { Alert } from "../ui/alert.tsx";
import { Badge } from "../ui/badge.tsx";
import { Button } from "../ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../ui/card.tsx";
import { Skeleton } from "../ui/spinner.tsx";
import { toast } from "../ui/toaster.tsx";
import { getErrorMessage, getErrorReason } from "../../lib/errors.ts";
import { formatDate, formatDateTime, formatRelative, useNow } from "../../lib/time.ts";
import { parseUserAgent, type Device, type DeviceKind } from "../../lib/user-agent.ts";
import { queryClient, trpc } from "../../trpc.ts";
import { LoadError } from "../load-error.tsx";
import { Separator } from "./separator.tsx";

type Session = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
};

export function Sessions() {
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
