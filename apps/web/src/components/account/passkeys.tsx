// The account page's passkeys: each one (name, added, last used, synced or on one device), add, rename, remove.
import { PASSKEY_NAME_MAX, reasonMessages } from "@invite/schemas";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useState, type FormEvent } from "react";
import { ConfirmDialog } from "../ui/alert-dialog.tsx";
import { Alert } from "../ui/alert.tsx";
import { Badge } from "../ui/badge.tsx";
import { Button } from "../ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../ui/card.tsx";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "../ui/dialog.tsx";
import { TextField } from "../ui/field.tsx";
import { Skeleton } from "../ui/spinner.tsx";
import { toast } from "../ui/toaster.tsx";
import { getErrorMessage, getErrorReason } from "../../lib/errors.ts";
import { createPasskey, passkeyBrowserError, passkeyCancelled, passkeysSupported } from "../../lib/passkey.ts";
import { formatDateTime, formatRelative, useNow } from "../../lib/time.ts";
import { parseUserAgent } from "../../lib/user-agent.ts";
import { queryClient, trpc, trpcClient } from "../../trpc.ts";
import { LoadError } from "../load-error.tsx";
import { Separator } from "./separator.tsx";

type Passkey = inferOutput<typeof trpc.passkey.list>[number];

function refresh(list?: Passkey[]) {
  if (list) queryClient.setQueryData(trpc.passkey.list.queryKey(), list);
  void queryClient.invalidateQueries(trpc.passkey.list.pathFilter());
  void queryClient.invalidateQueries(trpc.account.signInMethods.pathFilter());
}

export function Passkeys() {
  const passkeys = useQuery(trpc.passkey.list.queryOptions());
  const [renaming, setRenaming] = useState<Passkey | null>(null);
  const [removing, setRemoving] = useState<Passkey | null>(null);
  const add = useMutation({
    mutationFn: async () => {
      const { attemptId, options } = await trpcClient.passkey.registrationOptions.mutate();
      const response = await createPasskey(options);
      // Named after where it was made ("Chrome on macOS"); rename it any time.
      const name = parseUserAgent(navigator.userAgent).label.slice(0, PASSKEY_NAME_MAX);
      return trpcClient.passkey.register.mutate({ attemptId, response, ...(name && { name }) });
    },
    onSuccess: (list) => {
      refresh(list);
      void queryClient.invalidateQueries(trpc.auth.sessions.pathFilter());
      toast.success("Passkey added", { description: "You can now sign in with it. Your other devices are signed out." });
    },
  });
  const addError = add.error && !passkeyCancelled(add.error) ? (passkeyBrowserError(add.error) ?? getErrorMessage(add.error)) : null;

  return (
    <Card aria-labelledby="passkeys-title">
      <CardHeader className="flex flex-col gap-3 sm:flex-row sm:justify-between">
        <div className="space-y-1">
          <CardTitle id="passkeys-title">Passkeys</CardTitle>
          <CardDescription>
            Sign in with your fingerprint, face or screen lock instead of a password. Adding one signs your other devices out.
          </CardDescription>
        </div>
        {passkeysSupported() && (
          <div className="shrink-0">
            <Button variant="secondary" size="sm" loading={add.isPending} onClick={() => add.mutate()}>
              Add a passkey
            </Button>
          </div>
        )}
      </CardHeader>
      {addError && (
        <div className="px-5 pt-4 sm:px-6">
          <Alert tone="error" role="alert">
            {addError}
          </Alert>
        </div>
      )}
      <div className="mt-5 border-t border-gray-100">
        {passkeys.isPending ? (
          <div role="status" className="flex items-center gap-4 px-5 py-4 sm:px-6">
            <span className="sr-only">Loading passkeys…</span>
            <Skeleton className="h-4 w-40" />
          </div>
        ) : passkeys.isError ? (
          <div className="p-5 sm:px-6">
            <LoadError title="We couldn't load your passkeys" query={passkeys} />
          </div>
        ) : passkeys.data.length === 0 ? (
          <p className="px-5 py-6 text-sm text-gray-600 sm:px-6">No passkeys yet.</p>
        ) : (
          <ul aria-label="Passkeys" className="divide-y divide-gray-100">
            {passkeys.data.map((passkey) => (
              <PasskeyRow key={passkey.id} passkey={passkey} onRename={() => setRenaming(passkey)} onRemove={() => setRemoving(passkey)} />
            ))}
          </ul>
        )}
      </div>
      <RenameDialog passkey={renaming} onClose={() => setRenaming(null)} />
      <RemoveDialog passkey={removing} onClose={() => setRemoving(null)} />
    </Card>
  );
}

function PasskeyRow({ passkey, onRename, onRemove }: { passkey: Passkey; onRename: () => void; onRemove: () => void }) {
  const now = useNow();
  return (
    <li className="flex flex-wrap items-center gap-4 px-5 py-4 sm:px-6">
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="font-medium break-words text-gray-900">{passkey.name}</span>
          {passkey.synced ? <Badge tone="accent">Synced</Badge> : <Badge>{passkey.deviceBound ? "This device only" : "Not synced"}</Badge>}
        </p>
        <p className="mt-1 flex flex-col text-sm text-gray-600 sm:flex-row sm:flex-wrap sm:gap-x-2">
          <span>
            Added{" "}
            <time dateTime={passkey.createdAt.toISOString()} title={formatDateTime(passkey.createdAt)}>
              {formatRelative(passkey.createdAt, now)}
            </time>
          </span>
          <Separator />
          {passkey.lastUsedAt ? (
            <span>
              Last used{" "}
              <time dateTime={passkey.lastUsedAt.toISOString()} title={formatDateTime(passkey.lastUsedAt)}>
                {formatRelative(passkey.lastUsedAt, now)}
              </time>
            </span>
          ) : (
            <span>Not used to sign in yet</span>
          )}
        </p>
      </div>
      <div className="flex gap-2">
        <Button variant="secondary" size="sm" onClick={onRename}>
          Rename<span className="sr-only"> {passkey.name}</span>
        </Button>
        <Button variant="secondary" size="sm" onClick={onRemove}>
          Remove<span className="sr-only"> {passkey.name}</span>
        </Button>
      </div>
    </li>
  );
}

function RenameDialog({ passkey, onClose }: { passkey: Passkey | null; onClose: () => void }) {
  return (
    <Dialog open={passkey !== null} onOpenChange={(open) => !open && onClose()}>
      {passkey && (
        <DialogContent title="Rename passkey" description="A name that tells you where this passkey is, like “Work laptop”.">
          <RenameForm key={passkey.id} passkey={passkey} onDone={onClose} />
        </DialogContent>
      )}
    </Dialog>
  );
}

function RenameForm({ passkey, onDone }: { passkey: Passkey; onDone: () => void }) {
  const [name, setName] = useState(passkey.name);
  const rename = useMutation(
    trpc.passkey.rename.mutationOptions({
      onSuccess: (list) => {
        refresh(list);
        onDone();
      },
    }),
  );
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    rename.mutate({ id: passkey.id, name });
  }
  return (
    <form noValidate onSubmit={submit} className="space-y-5" aria-label="Rename passkey">
      <TextField
        label="Name"
        name="passkey-name"
        value={name}
        maxLength={PASSKEY_NAME_MAX}
        onChange={(event) => setName(event.target.value)}
        error={rename.error ? getErrorMessage(rename.error) : undefined}
      />
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="secondary">
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" loading={rename.isPending}>
          Save
        </Button>
      </DialogFooter>
    </form>
  );
}

function RemoveDialog({ passkey, onClose }: { passkey: Passkey | null; onClose: () => void }) {
  const remove = useMutation(
    trpc.passkey.remove.mutationOptions({
      onSuccess: (list) => {
        refresh(list);
        toast.success("Passkey removed");
        onClose();
      },
      onError: (error) => {
        // Removed meanwhile (another tab): the goal is reached.
        if (getErrorReason(error) === "NOT_FOUND") {
          refresh();
          onClose();
        }
      },
    }),
  );
  const reason = remove.error ? getErrorReason(remove.error) : undefined;
  return (
    <ConfirmDialog
      open={passkey !== null}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset();
          onClose();
        }
      }}
      destructive
      pending={remove.isPending}
      title={`Remove ${passkey?.name ?? "passkey"}?`}
      description="You won't be able to sign in with this passkey any more. The copy on your device stays until you delete it there."
      confirmLabel="Remove"
      onConfirm={() => passkey && remove.mutate({ id: passkey.id })}
    >
      {remove.error && reason !== "NOT_FOUND" && (
        <Alert tone="error" role="alert" title={reason === "LAST_SIGN_IN_METHOD" ? "This is your only way to sign in" : undefined}>
          {reason === "LAST_SIGN_IN_METHOD"
            ? `${reasonMessages.LAST_SIGN_IN_METHOD} Add another passkey or set a password first.`
            : getErrorMessage(remove.error)}
        </Alert>
      )}
    </ConfirmDialog>
  );
}
