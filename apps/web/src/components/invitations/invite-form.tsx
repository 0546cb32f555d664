import { useMutation, useQuery } from "@tanstack/react-query";
import { INVITE_HOURS_DEFAULT } from "@invite/schemas";
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { AfterJoiningField } from "../after-joining-field.tsx";
import { Alert } from "../ui/alert.tsx";
import { Button } from "../ui/button.tsx";
import { cx } from "../ui/cx.ts";
import { DialogFooter } from "../ui/dialog.tsx";
import { Field, FieldError, FieldHint, Label, Select, Textarea, TextField } from "../ui/field.tsx";
import { toast } from "../ui/toaster.tsx";
import { getErrorMessage, getErrorReason, getFieldErrors } from "../../lib/errors.ts";
import { queryClient, trpc } from "../../trpc.ts";
import type { BulkRow } from "./bulk-invite.tsx";
import { EmailSummary } from "./email-summary.tsx";
import { formatAddress, nameProblem, parseEmailList, splitEmailList, tidyName } from "./email-list.ts";
import { lifetimeLabel, lifetimes, type CreateInput, type FormErrors, type FormState, type Role } from "./invite-form-state.ts";
import type { Phase } from "./invite-dialog.tsx";
import { rememberLink } from "./link-memory.ts";
import { RenewalNotice, useRenewalCheck } from "./renewal-check.tsx";

/* The invite form: addresses (typed, pasted or from a CSV file), the one invitee's name, role, lifetime, message. */

const MESSAGE_MAX = 1000;

/** A directory export of a few thousand people is well under this. */
const CSV_MAX_BYTES = 2 * 1024 * 1024;

export function InviteForm({
  focusOnMount,
  form,
  setForm,
  setPhase,
  onBulk,
}: {
  focusOnMount: boolean;
  form: FormState;
  setForm: (update: (form: FormState) => FormState) => void;
  setPhase: (phase: Phase) => void;
  onBulk: (rows: BulkRow[], input: CreateInput) => void;
}) {
  const settings = useQuery(trpc.settings.get.queryOptions());
  const defaultHours = settings.data?.defaultInviteHours ?? INVITE_HOURS_DEFAULT;
  const hours = form.hours ?? defaultHours;
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<FormErrors>({});
  // What the last CSV import did, or why it failed; beside the button, not on the field, since
  // the addresses already there are not what is wrong.
  const [imported, setImported] = useState<{ ok: boolean; text: string } | null>(null);
  const emailsRef = useRef<HTMLTextAreaElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const messageId = useId();
  useEffect(() => {
    if (focusOnMount) emailsRef.current?.focus();
    // Mount only: later renders must not pull focus back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const parsed = useMemo(() => parseEmailList(form.emails), [form.emails]);
  // While typing, the entry being typed isn't judged yet; after a blur or a submit, all are.
  const judged = useMemo(() => (touched ? parsed : parseEmailList(form.emails, { final: false })), [touched, form.emails, parsed]);
  const many = splitEmailList(form.emails).length > 1;
  // One person: the name field, filled from a pasted `Name <address>` until the admin types their own.
  const [single] = parsed.entries;
  const pastedName = !many && single?.valid ? single.name : undefined;
  const name = form.name ?? pastedName ?? "";

  const create = useMutation(trpc.invitation.create.mutationOptions());
  // Who of these would be renewed (their emailed link replaced) or is a member: named before sending.
  const renewalCheck = useRenewalCheck(parsed.valid);

  const update = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (errors[key] || errors.form) setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };

  /** Adds a CSV file's email column to the addresses (papaparse loads only when a file is chosen). */
  async function importCsv(file: File) {
    setImported(null);
    if (file.size > CSV_MAX_BYTES) {
      setImported({ ok: false, text: `${file.name} is over 2 MB. Export only the column of email addresses.` });
      return;
    }
    const { emailsFromCsv } = await import("./csv-emails.ts");
    const found = emailsFromCsv(await file.text());
    if (!found) {
      setImported({ ok: false, text: `No email addresses in ${file.name}. It needs a column of addresses, ideally headed “Email”.` });
      return;
    }
    // As a mail client would paste them (`Ada Lovelace <ada@example.com>`), so names come along.
    const lines = found.people.map((person) => formatAddress(person.email, person.name));
    const current = form.emails.trim();
    update("emails", `${current ? `${current}\n` : ""}${lines.join("\n")}\n`);
    setTouched(true);
    const count = `${found.people.length} ${found.people.length === 1 ? "entry" : "entries"}`;
    const columns = found.nameColumns ? `${found.column}, names from ${found.nameColumns}` : found.column;
    setImported({ ok: true, text: `Added ${count} from ${file.name} (${columns}). Check them below, then send.` });
    emailsRef.current?.focus();
  }

  const options = lifetimes.some((option) => option.hours === defaultHours)
    ? lifetimes
    : [...lifetimes, { hours: defaultHours, label: lifetimeLabel(defaultHours) }].sort((a, b) => a.hours - b.hours);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (create.isPending) return;
    if (parsed.entries.length === 0) {
      setErrors({ emails: "Enter an email address, or paste a list." });
      emailsRef.current?.focus();
      return;
    }
    const input: CreateInput = {
      role: form.role,
      expiresInHours: hours,
      ...(form.message.trim() && { message: form.message.trim() }),
      ...(form.redirectUrl.trim() && { redirectUrl: form.redirectUrl.trim() }),
    };
    if (parsed.entries.length === 1) {
      const [entry] = parsed.entries;
      if (!entry?.valid) {
        setErrors({ emails: entry?.error ?? "Enter a valid email address." });
        emailsRef.current?.focus();
        return;
      }
      const invitee = tidyName(name);
      const problem = invitee ? nameProblem(invitee) : null;
      if (problem) {
        setErrors({ name: problem });
        nameRef.current?.focus();
        return;
      }
      create.mutate(
        { email: entry.email, ...input, ...(invitee && { name: invitee }) },
        {
          onSuccess: (result) => {
            rememberLink(result.invitation, result.inviteUrl);
            void queryClient.invalidateQueries(trpc.invitation.pathFilter());
            toast.success(result.refreshed ? `Invitation renewed for ${entry.email}` : `Invitation sent to ${entry.email}`);
            setPhase({ name: "sent", result });
          },
          onError: (error) => {
            const reason = getErrorReason(error);
            if (reason === "ALREADY_MEMBER") {
              setErrors({ emails: `${entry.email} already has an account. They can sign in as they are.` });
              emailsRef.current?.focus();
            } else if (reason === "REDIRECT_NOT_ALLOWED") {
              setErrors({ redirectUrl: getErrorMessage(error) });
            } else if (reason === "ROLE_NOT_ALLOWED") {
              setErrors({ role: "You can't invite someone with a role above your own." });
            } else if (reason === "VALIDATION_FAILED") {
              const fields = getFieldErrors(error);
              const shown = fields.email || fields.name || fields.expiresInHours || fields.message || fields.redirectUrl;
              setErrors({
                emails: fields.email,
                name: fields.name,
                hours: fields.expiresInHours,
                message: fields.message,
                redirectUrl: fields.redirectUrl,
                form: shown ? undefined : getErrorMessage(error),
              });
            } else {
              setErrors({ form: getErrorMessage(error) });
            }
          },
        },
      );
      return;
    }
    // A list: every entry gets a row in the report, the invalid ones included.
    const rows: BulkRow[] = parsed.entries.map((entry) =>
      entry.valid
        ? { email: entry.email, name: entry.name, state: "waiting" }
        : { email: entry.input, state: "invalid", detail: entry.error, upfront: true },
    );
    onBulk(rows, input);
  }

  const emailError = errors.emails ?? (judged.invalid.length && !many && touched ? judged.invalid[0]?.error : undefined);

  return (
    <form
      noValidate
      onSubmit={submit}
      onKeyDown={(event) => {
        // Enter adds a line in the text boxes (lists, the message); Ctrl/⌘+Enter sends, like most composers.
        if (event.key === "Enter" && (event.metaKey || event.ctrlKey) && !event.nativeEvent.isComposing) {
          event.preventDefault();
          event.currentTarget.requestSubmit();
        }
      }}
      className="space-y-5"
      aria-label="Invite people"
    >
      {errors.form && (
        <Alert tone="error" role="alert">
          {errors.form}
        </Alert>
      )}
      <div className="space-y-1.5">
        <div className="flex items-end justify-between gap-3">
          <Label htmlFor={`${messageId}-emails`}>Email addresses</Label>
          <Button type="button" variant="secondary" size="sm" className="-my-1" onClick={() => fileRef.current?.click()}>
            Import CSV…
          </Button>
          {/* Opened by the button above; hidden from the tab order and from screen readers. */}
          <input
            ref={fileRef}
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/plain"
            hidden
            data-testid="csv-file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = ""; // the same file can be chosen again
              if (file) {
                importCsv(file).catch(() =>
                  setImported({ ok: false, text: `${file.name} couldn't be read as a CSV file. Export it again as CSV, or paste the addresses.` }),
                );
              }
            }}
          />
        </div>
        <Textarea
          ref={emailsRef}
          id={`${messageId}-emails`}
          name="emails"
          rows={many ? 4 : 2}
          value={form.emails}
          placeholder="ada@example.com, grace@example.com"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          onChange={(event) => update("emails", event.target.value)}
          onBlur={() => form.emails.trim() && setTouched(true)}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={`${messageId}-emails-hint ${messageId}-emails-error`}
          // 16px on phones (smaller makes iOS zoom in on focus); compact mono from \`sm\`.
          className="resize-y font-mono sm:text-[0.8125rem]"
        />
        {imported && (
          <p role={imported.ok ? "status" : "alert"} className={cx("text-sm", imported.ok ? "text-gray-700" : "text-red-700")}>
            {imported.text}
          </p>
        )}
        <EmailSummary id={`${messageId}-emails-hint`} parsed={judged} many={many} renewalsNamed={renewalCheck.isSuccess} />
        <RenewalNotice check={renewalCheck} emails={parsed.valid} />
        <FieldError id={`${messageId}-emails-error`} role="alert">
          {emailError}
        </FieldError>
      </div>

      {!many && (
        <TextField
          ref={nameRef}
          label="Name"
          optional
          name="name"
          autoComplete="off"
          value={name}
          onChange={(event) => update("name", event.target.value)}
          error={errors.name}
          hint={
            pastedName && form.name === null
              ? "From the address you pasted. Greets them in the email, and fills in their name when they accept."
              : "Greets them in the email, and fills in their name when they accept."
          }
        />
      )}

      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label="Role"
          error={errors.role}
          hint={form.role === "ADMIN" ? "Can also invite people and change settings." : "Can sign in and manage their own account."}
        >
          {(control) => (
            <Select {...control} name="role" value={form.role} onChange={(event) => update("role", event.target.value as Role)}>
              <option value="MEMBER">Member</option>
              <option value="ADMIN">Admin</option>
            </Select>
          )}
        </Field>
        <Field label="Link expires after" error={errors.hours} hint="Counted from when it's sent.">
          {(control) => (
            <Select
              {...control}
              name="expiresInHours"
              value={String(hours)}
              onChange={(event) => update("hours", Number(event.target.value))}
            >
              {options.map((option) => (
                <option key={option.hours} value={option.hours}>
                  {option.label}
                  {option.hours === defaultHours ? " (default)" : ""}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>

      <div className="space-y-1.5">
        <div className="flex items-baseline justify-between gap-3">
          <Label htmlFor={messageId}>
            Personal message <span className="font-normal text-gray-500">(optional)</span>
          </Label>
          <span
            id={`${messageId}-count`}
            className={cx("text-xs tabular-nums", form.message.length > MESSAGE_MAX * 0.9 ? "font-medium text-amber-700" : "text-gray-500")}
          >
            {form.message.length.toLocaleString("en")}/{MESSAGE_MAX.toLocaleString("en")}
            <span className="sr-only"> characters</span>
          </span>
        </div>
        <Textarea
          id={messageId}
          name="message"
          rows={3}
          maxLength={MESSAGE_MAX}
          value={form.message}
          placeholder="Welcome aboard! Here's your invitation to our workspace."
          onChange={(event) => update("message", event.target.value)}
          aria-invalid={errors.message ? true : undefined}
          aria-describedby={`${messageId}-hint ${messageId}-count ${messageId}-error`}
        />
        <FieldHint id={`${messageId}-hint`}>Shown in the email and on the invitation page.</FieldHint>
        <FieldError id={`${messageId}-error`}>{errors.message}</FieldError>
      </div>

      <AfterJoiningField
        value={form.redirectUrl}
        onChange={(value) => update("redirectUrl", value)}
        error={errors.redirectUrl}
        defaultRedirectUrl={settings.data?.defaultRedirectUrl}
      />

      <DialogFooter className="sm:items-center sm:gap-3">
        {/* Phones have no Ctrl or ⌘ key: the hint is for keyboards. */}
        <p className="hidden text-xs text-gray-500 sm:block" aria-hidden="true">
          <Kbd>{shortcut.label}</Kbd> + <Kbd>Enter</Kbd> to send
        </p>
        <Button
          type="submit"
          loading={create.isPending}
          disabled={many && parsed.valid.length === 0}
          aria-keyshortcuts={shortcut.aria}
        >
          {many
            ? `Send ${parsed.valid.length} ${parsed.valid.length === 1 ? "invitation" : "invitations"}`
            : create.isPending
              ? "Sending…"
              : "Send invitation"}
        </Button>
      </DialogFooter>
    </form>
  );
}

const isApple = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.userAgent);
const shortcut = isApple ? { label: "⌘", aria: "Meta+Enter" } : { label: "Ctrl", aria: "Control+Enter" };

function Kbd({ children }: { children: ReactNode }) {
  return (
    <kbd className="rounded border border-gray-300 bg-gray-50 px-1 py-px font-sans text-[0.6875rem] font-medium text-gray-700">
      {children}
    </kbd>
  );
}

