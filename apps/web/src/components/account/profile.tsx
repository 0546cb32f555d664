// The account page's profile card: name (editable in place), email and role.
import { nameSchema } from "@invite/schemas";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Badge } from "../ui/badge.tsx";
import { Button } from "../ui/button.tsx";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card.tsx";
import { FieldError, Input } from "../ui/field.tsx";
import { toast } from "../ui/toaster.tsx";
import { getErrorMessage, getFieldErrors } from "../../lib/errors.ts";
import type { Me } from "../../lib/session.ts";
import { queryClient, trpc } from "../../trpc.ts";

export function Profile({ me }: { me: Me }) {
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
