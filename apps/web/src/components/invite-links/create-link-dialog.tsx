import { INVITE_LINK_HOURS_DEFAULT, INVITE_LINK_USES_MAX } from "@invite/schemas";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useMe } from "../../lib/use-me.ts";
import { getErrorMessage, getErrorReason, getFieldErrors } from "../../lib/errors.ts";
import { formatDateTime } from "../../lib/time.ts";
import { queryClient, trpc } from "../../trpc.ts";
import { AfterJoiningField } from "../after-joining-field.tsx";
import { CheckIcon, CopyField } from "../invitations/copy-field.tsx";
import { SignUpDomainsField } from "../settings/sign-up-domains.tsx";
import { Alert } from "../ui/alert.tsx";
import { Button } from "../ui/button.tsx";
import { Dialog, DialogContent, DialogFooter } from "../ui/dialog.tsx";
import { Field, Input, Select } from "../ui/field.tsx";
import { toast } from "../ui/toaster.tsx";
import { rememberLinkUrl } from "./link-memory.ts";
import type { InviteLink } from "./link-types.ts";

/*
 * "Create link": the role (never above the admin's own), how long it lasts, how many people it
 * admits and from which email domains; then the URL, once, with a copy button. The server keeps
 * only a fingerprint of the token, so this is the only time the link can be shown.
 */

type Role = InviteLink["role"];

const roleRank: Record<Role, number> = { MEMBER: 0, ADMIN: 1 };
const roles: Array<{ value: Role; label: string }> = [
  { value: "MEMBER", label: "Member" },
  { value: "ADMIN", label: "Admin" },
];

/** "never" is `expiresInHours: null`. */
const lifetimes = [
  { value: "1", label: "1 hour" },
  { value: "24", label: "1 day" },
  { value: "168", label: "7 days" },
  { value: "720", label: "30 days" },
  { value: "never", label: "Never" },
] as const;

type FormState = { role: Role; lifetime: string; maxUses: string; domains: string[]; redirectUrl: string };
type FormErrors = {
  role?: string | undefined;
  lifetime?: string | undefined;
  maxUses?: string | undefined;
  domains?: string | undefined;
  redirectUrl?: string | undefined;
  form?: string | undefined;
};

const blankForm: FormState = { role: "MEMBER", lifetime: String(INVITE_LINK_HOURS_DEFAULT), maxUses: "", domains: [], redirectUrl: "" };

type Created = { link: InviteLink; url: string };

export function CreateLinkDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const [created, setCreated] = useState<Created | null>(null);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) setCreated(null);
      }}
    >
      <DialogContent
        title={created ? "Invite link created" : "Create an invite link"}
        description={
          created
            ? undefined
            : "One link for many people: anyone who has it confirms their email and joins with the role you choose."
        }
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          document.querySelector<HTMLElement>("[data-create-link-button]")?.focus();
        }}
      >
        {open &&
          (created ? (
            <CreatedView created={created} onAnother={() => setCreated(null)} onDone={() => onOpenChange(false)} />
          ) : (
            <CreateForm onCreated={setCreated} />
          ))}
      </DialogContent>
    </Dialog>
  );
}

function CreateForm({ onCreated }: { onCreated: (created: Created) => void }) {
  const me = useMe().data;
  const [form, setForm] = useState<FormState>(blankForm);
  const [errors, setErrors] = useState<FormErrors>({});
  const create = useMutation(trpc.inviteLink.create.mutationOptions());
  const defaultRedirectUrl = useQuery(trpc.settings.get.queryOptions()).data?.defaultRedirectUrl;
  // Only roles up to the admin's own (the server refuses more with ROLE_NOT_ALLOWED).
  const allowedRoles = roles.filter((role) => roleRank[role.value] <= roleRank[me?.role ?? "MEMBER"]);

  function update<K extends keyof FormState>(key: K, value: FormState[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    const field = key === "domains" ? "domains" : key;
    if (errors[field] || errors.form) setErrors((e) => ({ ...e, [field]: undefined, form: undefined }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    const typedUses = form.maxUses.trim().replace(/[,\s]/g, "");
    const maxUses = typedUses ? Number(typedUses) : null;
    if (maxUses !== null && (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > INVITE_LINK_USES_MAX)) {
      setErrors({ maxUses: `Enter a whole number from 1 to ${INVITE_LINK_USES_MAX.toLocaleString("en")}, or leave it empty for no limit.` });
      document.querySelector<HTMLInputElement>("input[name=maxUses]")?.focus();
      return;
    }
    create.mutate(
      {
        role: form.role,
        expiresInHours: form.lifetime === "never" ? null : Number(form.lifetime),
        maxUses,
        allowedDomains: form.domains,
        ...(form.redirectUrl.trim() && { redirectUrl: form.redirectUrl.trim() }),
      },
      {
        onSuccess: (result) => {
          rememberLinkUrl(result.link.id, result.url);
          void queryClient.invalidateQueries(trpc.inviteLink.list.pathFilter());
          void queryClient.invalidateQueries(trpc.activity.pathFilter());
          toast.success("Invite link created");
          onCreated(result);
        },
        onError: (error) => {
          const reason = getErrorReason(error);
          if (reason === "ROLE_NOT_ALLOWED") return setErrors({ role: "You can't create a link with a role above your own." });
          if (reason === "REDIRECT_NOT_ALLOWED") return setErrors({ redirectUrl: getErrorMessage(error) });
          if (reason === "VALIDATION_FAILED") {
            const fields = getFieldErrors(error);
            const found = {
              role: fields.role,
              lifetime: fields.expiresInHours,
              maxUses: fields.maxUses,
              domains: fields.allowedDomains ?? Object.entries(fields).find(([key]) => key.startsWith("allowedDomains"))?.[1],
              redirectUrl: fields.redirectUrl,
            };
            return setErrors({ ...found, form: Object.values(found).some(Boolean) ? undefined : getErrorMessage(error) });
          }
          setErrors({ form: getErrorMessage(error) });
        },
      },
    );
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-5" aria-label="Create an invite link">
      {errors.form && (
        <Alert tone="error" role="alert">
          {errors.form}
        </Alert>
      )}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label="Role"
          error={errors.role}
          hint={form.role === "ADMIN" ? "Can invite people and change settings. Share it with care." : "Can sign in and manage their own account."}
        >
          {(control) => (
            <Select {...control} name="role" value={form.role} onChange={(event) => update("role", event.target.value as Role)}>
              {allowedRoles.map((role) => (
                <option key={role.value} value={role.value}>
                  {role.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Expires after" error={errors.lifetime} hint="Counted from now.">
          {(control) => (
            <Select {...control} name="expiresInHours" value={form.lifetime} onChange={(event) => update("lifetime", event.target.value)}>
              {lifetimes.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                  {option.value === String(INVITE_LINK_HOURS_DEFAULT) ? " (default)" : ""}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Field
        label="Maximum uses"
        optional
        error={errors.maxUses}
        hint={`How many people may join through it, up to ${INVITE_LINK_USES_MAX.toLocaleString("en")}. Leave it empty for no limit.`}
      >
        {(control) => (
          <Input
            {...control}
            name="maxUses"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder="No limit"
            maxLength={8}
            value={form.maxUses}
            onChange={(event) => update("maxUses", event.target.value)}
            className="max-w-40"
          />
        )}
      </Field>
      <SignUpDomainsField
        label={
          <>
            Allowed email domains <span className="font-normal text-gray-500">(optional)</span>
          </>
        }
        domains={form.domains}
        onChange={(domains) => update("domains", domains)}
        serverError={errors.domains}
        hint={
          form.domains.length === 0
            ? "None listed: anyone with the link may join, whatever their email. List your company's domains to admit only its people."
            : "Only addresses at these domains may join through this link (exact domains: list a subdomain on its own)."
        }
      />
      <AfterJoiningField
        value={form.redirectUrl}
        onChange={(value) => update("redirectUrl", value)}
        error={errors.redirectUrl}
        defaultRedirectUrl={defaultRedirectUrl}
      />
      <DialogFooter>
        <Button type="submit" loading={create.isPending}>
          {create.isPending ? "Creating…" : "Create link"}
        </Button>
      </DialogFooter>
    </form>
  );
}

// "@a.com, @b.com, or @c.com". (lib/domain-list.ts says it without the serial comma, but it is
// the join page's alone: shared with this chunk it would become a request of its own there.)
const anyOf = new Intl.ListFormat("en", { type: "disjunction" });

/** "as a Member until Dec 12, 2026, 9:00 AM, for up to 50 people at @acme.com". */
export function linkTerms(link: Pick<InviteLink, "role" | "expiresAt" | "maxUses" | "allowedDomains">): string {
  const role = link.role === "ADMIN" ? "an Admin" : "a Member";
  const until = link.expiresAt ? `until ${formatDateTime(link.expiresAt)}` : "with no expiry";
  const who = link.maxUses === null ? "any number of people" : link.maxUses === 1 ? "one person" : `up to ${link.maxUses.toLocaleString("en")} people`;
  const where = link.allowedDomains.length ? ` with an address at ${anyOf.format(link.allowedDomains.map((domain) => `@${domain}`))}` : "";
  return `as ${role} ${until}, for ${who}${where}`;
}

function CreatedView({ created, onAnother, onDone }: { created: Created; onAnother: () => void; onDone: () => void }) {
  return (
    <div className="space-y-5">
      <div className="flex gap-3 rounded-lg bg-green-50 p-4 text-sm text-green-900 ring-1 ring-green-600/15">
        <CheckIcon className="mt-0.5 size-5" />
        <p className="min-w-0">Anyone with this link can join {linkTerms(created.link)}.</p>
      </div>
      <CopyField
        label="Invite link"
        value={created.url}
        copyOnMount
        hint={
          <>
            <strong className="font-medium text-gray-900">Copy it now.</strong> Only a fingerprint of it is kept, for
            safety, so it can't be shown again once this tab is closed or reloaded. Share it where only the people you
            mean can see it; if it is lost or leaks, revoke it and create another.
          </>
        }
      />
      <DialogFooter>
        <Button variant="secondary" onClick={onAnother}>
          Create another
        </Button>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </div>
  );
}
