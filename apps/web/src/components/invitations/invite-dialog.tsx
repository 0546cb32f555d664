import { useMutation, useQuery } from "@tanstack/react-query";
import { INVITE_HOURS_DEFAULT } from "@invite/schemas";
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Alert } from "../ui/alert.tsx";
import { Button } from "../ui/button.tsx";
import { cx } from "../ui/cx.ts";
import { Dialog, DialogContent, DialogFooter } from "../ui/dialog.tsx";
import { Field, FieldError, FieldHint, Label, Select, Textarea } from "../ui/field.tsx";
import { toast } from "../ui/toaster.tsx";
import { getErrorMessage, getErrorReason, getFieldErrors } from "../../lib/errors.ts";
import { formatDateTime } from "../../lib/time.ts";
import { queryClient, trpc } from "../../trpc.ts";
import { BulkView, runBulk, type BulkInput, type BulkPhase, type BulkRow } from "./bulk-invite.tsx";
import { CheckIcon, CopyField } from "./copy-field.tsx";
import { parseEmailList, splitEmailList, type ParsedEmails } from "./email-list.ts";
import type { Invitation } from "./invite-types.ts";
import { rememberLink } from "./link-memory.ts";
import { roleLabels } from "./status.tsx";

const MESSAGE_MAX = 1000;

type Role = Invitation["role"];

export type InviteDraft = { emails?: string; role?: Role };

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Prefill, e.g. "Invite again" on a revoked row. */
  draft?: InviteDraft | undefined;
};

type Created = { invitation: Invitation; inviteUrl: string; refreshed: boolean };

type Phase = { name: "form" } | { name: "sent"; result: Created } | BulkPhase;

/** The invite form: one address or a pasted list, then a copyable link or a per-row report. */
export function InviteDialog({ open, onOpenChange, draft }: Props) {
  const [phase, setPhase] = useState<Phase>({ name: "form" });
  // Opened from several places (and from menus that are gone by the time it closes):
  // focus goes back where it came from, or to the page's "Invite people" button.
  const returnFocus = useRef<Element | null>(null);
  const running = phase.name === "bulk" && phase.running;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        // A bulk run keeps the dialog open until it finishes or is stopped.
        if (running) return;
        onOpenChange(next);
        if (!next) setPhase({ name: "form" });
      }}
    >
      <DialogContent
        title={titleFor(phase)}
        description={phase.name === "form" ? "They'll get an email with a link to create their account." : undefined}
        hideClose={running}
        className={phase.name === "bulk" ? "max-w-xl" : undefined}
        // Starting in the email field is what everyone does first.
        onOpenAutoFocus={(event) => {
          returnFocus.current = document.activeElement;
          const field = (event.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>(
            "textarea, input:not([type=file])",
          );
          if (field) {
            event.preventDefault();
            field.focus();
          }
        }}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          const previous = returnFocus.current;
          const target = previous instanceof HTMLElement && previous.isConnected && previous !== document.body
            ? previous
            : document.querySelector<HTMLElement>("[data-invite-button]");
          target?.focus();
        }}
      >
        {open && (
          <InviteFlow
            key={draft?.emails ?? ""}
            draft={draft}
            phase={phase}
            setPhase={setPhase}
            onDone={() => {
              onOpenChange(false);
              setPhase({ name: "form" });
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

function titleFor(phase: Phase): string {
  if (phase.name === "sent") return phase.result.refreshed ? "Invitation renewed" : "Invitation sent";
  if (phase.name === "bulk") {
    if (phase.running) return "Sending invitations…";
    if (phase.stopped) return "Stopped sending invitations";
    return phase.rows.some((row) => row.state === "invited" || row.state === "refreshed") ? "Invitations sent" : "No invitations sent";
  }
  return "Invite people";
}

type FlowProps = {
  draft: InviteDraft | undefined;
  phase: Phase;
  setPhase: (phase: Phase | ((current: Phase) => Phase)) => void;
  onDone: () => void;
};

/** A blank form: Member, the workspace's default lifetime, no message. */
function initialForm(draft?: InviteDraft): FormState {
  return { emails: draft?.emails ?? "", role: draft?.role ?? "MEMBER", hours: null, message: "" };
}

function InviteFlow({ draft, phase, setPhase, onDone }: FlowProps) {
  const [form, setForm] = useState<FormState>(() => initialForm(draft));
  // Back on the form from a result ("Invite someone else", "Try again"): the button pressed is
  // gone, so focus goes to the addresses. (On open, the dialog's own autofocus does that.)
  const [returned, setReturned] = useState(false);
  // The bulk run in progress, if any; closing the dialog stops it after the current request.
  const run = useRef<{ stop: boolean } | null>(null);
  useEffect(
    () => () => {
      if (run.current) run.current.stop = true;
    },
    [],
  );
  if (phase.name === "sent") {
    return (
      <SentView
        result={phase.result}
        onAnother={() => {
          // A new invitation starts from scratch: the last one's role, lifetime and
          // (above all) personal message must not ride along unnoticed.
          setForm(initialForm());
          setReturned(true);
          setPhase({ name: "form" });
        }}
        onDone={onDone}
      />
    );
  }
  if (phase.name === "bulk") {
    return (
      <BulkView
        phase={phase}
        onStop={() => {
          if (run.current) run.current.stop = true;
          setPhase((p) => (p.name === "bulk" ? { ...p, stopping: true } : p));
        }}
        onRetry={(emails) => {
          setForm((f) => ({ ...f, emails }));
          setReturned(true);
          setPhase({ name: "form" });
        }}
        onDone={onDone}
      />
    );
  }
  return (
    <InviteForm
      focusOnMount={returned}
      form={form}
      setForm={setForm}
      setPhase={setPhase}
      onBulk={(rows, input) => {
        const controller = { stop: false };
        run.current = controller;
        setPhase({ name: "bulk", rows, running: true, stopping: false, stopped: false });
        void runBulk(rows, input, controller, (change) => setPhase((p) => (p.name === "bulk" ? change(p) : p)));
      }}
    />
  );
}

type FormState = { emails: string; role: Role; hours: number | null; message: string };
type FormErrors = { emails?: string | undefined; role?: string | undefined; hours?: string | undefined; message?: string | undefined; form?: string | undefined };

const lifetimes = [
  { hours: 24, label: "1 day" },
  { hours: 48, label: "2 days" },
  { hours: 7 * 24, label: "7 days" },
  { hours: 30 * 24, label: "30 days" },
];

function lifetimeLabel(hours: number): string {
  return lifetimes.find((option) => option.hours === hours)?.label ?? (hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`);
}

type CreateInput = BulkInput;

/** A directory export of a few thousand people is well under this. */
const CSV_MAX_BYTES = 2 * 1024 * 1024;

function InviteForm({
  focusOnMount,
  form,
  setForm,
  setPhase,
  onBulk,
}: {
  focusOnMount: boolean;
  form: FormState;
  setForm: (update: (form: FormState) => FormState) => void;
  setPhase: FlowProps["setPhase"];
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
  const fileRef = useRef<HTMLInputElement>(null);
  const messageId = useId();
  useEffect(() => {
    if (focusOnMount) emailsRef.current?.focus();
    // Mount only: later renders must not pull focus back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const parsed = useMemo(() => parseEmailList(form.emails), [form.emails]);
  // While typing, the address being typed isn't judged yet; after a blur or a submit, all are.
  const typing = !touched && !/[\s,;]$/.test(form.emails);
  const judged = useMemo(
    () => (typing ? parseEmailList(form.emails.replace(/[^\s,;]*$/, "")) : parsed),
    [typing, form.emails, parsed],
  );
  const many = splitEmailList(form.emails).length > 1;

  const create = useMutation(trpc.invitation.create.mutationOptions());

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
    const current = form.emails.trim();
    update("emails", `${current ? `${current}\n` : ""}${found.emails.join("\n")}\n`);
    setTouched(true);
    const count = `${found.emails.length} ${found.emails.length === 1 ? "entry" : "entries"}`;
    setImported({ ok: true, text: `Added ${count} from ${file.name} (${found.column}). Check them below, then send.` });
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
    };
    if (parsed.entries.length === 1) {
      const [entry] = parsed.entries;
      if (!entry?.valid) {
        setErrors({ emails: entry?.error ?? "Enter a valid email address." });
        emailsRef.current?.focus();
        return;
      }
      create.mutate(
        { email: entry.email, ...input },
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
            } else if (reason === "ROLE_NOT_ALLOWED") {
              setErrors({ role: "You can't invite someone with a role above your own." });
            } else if (reason === "VALIDATION_FAILED") {
              const fields = getFieldErrors(error);
              setErrors({ emails: fields.email, hours: fields.expiresInHours, message: fields.message, form: fields.email || fields.expiresInHours || fields.message ? undefined : getErrorMessage(error) });
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
        ? { email: entry.email, state: "waiting" }
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
        <EmailSummary id={`${messageId}-emails-hint`} parsed={judged} many={many} />
        <FieldError id={`${messageId}-emails-error`} role="alert">
          {emailError}
        </FieldError>
      </div>

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

/** Under the email field: how many addresses we found, which ones won't work, repeats dropped. */
function EmailSummary({ id, parsed, many }: { id: string; parsed: ParsedEmails; many: boolean }) {
  if (!many) {
    return (
      <FieldHint id={id}>
        To invite several people, paste a list (one per line, or separated by commas) or import a CSV file.
      </FieldHint>
    );
  }
  const shown = parsed.invalid.slice(0, 3).map((entry) => `“${entry.input}”`);
  const more = parsed.invalid.length - shown.length;
  return (
    <div id={id} className="space-y-1 text-sm">
      <p className="flex items-center gap-1.5 text-gray-700">
        <CheckIcon />
        {parsed.valid.length} {parsed.valid.length === 1 ? "address" : "addresses"} ready
        {parsed.duplicates > 0 && (
          <span className="text-gray-500">
            {" "}
            · {parsed.duplicates} {parsed.duplicates === 1 ? "repeat" : "repeats"} left out
          </span>
        )}
      </p>
      {parsed.invalid.length > 0 && (
        <p className="wrap-anywhere text-amber-800">
          {parsed.invalid.length === 1 ? "1 entry isn't" : `${parsed.invalid.length} entries aren't`} a valid email
          address and will be skipped: {shown.join(", ")}
          {more > 0 && ` and ${more} more`}.
        </p>
      )}
      {/* Which of them are pending would take a lookup per address; say what happens instead. */}
      <p className="text-gray-600">
        Anyone who already has a pending invitation gets it renewed: a new link, and their earlier one stops working.
      </p>
    </div>
  );
}

function SentView({ result, onAnother, onDone }: { result: Created; onAnother: () => void; onDone: () => void }) {
  const { invitation } = result;
  return (
    <div className="space-y-5">
      <div className="flex gap-3 rounded-lg bg-green-50 p-4 text-sm text-green-900 ring-1 ring-green-600/15">
        <CheckIcon className="mt-0.5 size-5" />
        {/* min-w-0: a long address wraps instead of widening the panel past the dialog. */}
        <div className="min-w-0 space-y-1">
          <p>
            We've emailed <strong className="font-semibold">{invitation.email}</strong> a link to join as{" "}
            {roleLabels[invitation.role] === "Admin" ? "an Admin" : "a Member"}. It expires on{" "}
            {formatDateTime(invitation.expiresAt)}.
          </p>
          {result.refreshed && (
            <p>They already had a pending invitation, so it was renewed: the earlier link no longer works.</p>
          )}
        </div>
      </div>
      <CopyField
        label="Invitation link"
        value={result.inviteUrl}
        hint="Want to share it another way, or the email didn't arrive? Copy the link. It works once, and only for this person."
      />
      <DialogFooter>
        <Button variant="secondary" onClick={onAnother}>
          Invite someone else
        </Button>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </div>
  );
}
