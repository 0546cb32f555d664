import { useMutation, useQuery } from "@tanstack/react-query";
import {
  INVITE_HOURS_MAX,
  INVITE_HOURS_MIN,
  INVITES_PER_ADMIN_PER_HOUR_DEFAULT,
  REDIRECT_URL_MAX,
  inviteHoursSchema,
  invitesPerAdminPerHourSchema,
  REMINDER_HOURS_DEFAULT,
  reminderHoursSchema,
} from "@invite/schemas";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { WorkspaceSettings } from "../../components/branding/workspace-settings.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { SignUpDomainsField } from "../../components/settings/sign-up-domains.tsx";
import { WebhookSettings } from "../../components/settings/webhooks.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { ConfirmDialog } from "../../components/ui/alert-dialog.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { cx } from "../../components/ui/cx.ts";
import { FieldError, FieldHint, Input, Label } from "../../components/ui/field.tsx";
import { Skeleton } from "../../components/ui/spinner.tsx";
import { toast } from "../../components/ui/toaster.tsx";
import { getErrorMessage, getErrorReason, getFieldErrors } from "../../lib/errors.ts";
import { queryClient, trpc } from "../../trpc.ts";
import { LoadError } from "../../components/load-error.tsx";

type Registration = "INVITE_ONLY" | "OPEN";
type Settings = {
  registration: Registration;
  defaultInviteHours: number;
  invitesPerAdminPerHour: number;
  signUpDomains: string[];
  reminderHoursBeforeExpiry: number;
  defaultRedirectUrl: string | null;
};

/**
 * `/admin/settings`: who may sign up (and from which email domains), how long invitation links
 * last, how many an admin may send, when reminders go. Opening sign-up to everyone asks for confirmation first.
 */
export default function SettingsPage() {
  const settings = useQuery(trpc.settings.get.queryOptions());
  return (
    <>
      <title>Settings · Invitations</title>
      <PageHeader title="Settings" description="How people join, the defaults for new invitations, and how your workspace looks." />
      {settings.isPending ? (
        <div role="status" aria-label="Loading settings" className="space-y-4">
          <Skeleton className="h-64 w-full rounded-xl" />
        </div>
      ) : settings.isError ? (
        <LoadError title="We couldn't load the settings" query={settings} />
      ) : (
        <>
          {/* Keyed by the saved values: a save elsewhere resets the form to them (each card to its own). */}
          <SettingsForm key={JSON.stringify({ ...settings.data, workspaceName: undefined, accentColor: undefined })} saved={settings.data} />
          <WorkspaceSettings key={`${settings.data.workspaceName}|${settings.data.accentColor}`} saved={settings.data} />
          <WebhookSettings />
        </>
      )}
    </>
  );
}

function SettingsForm({ saved }: { saved: Settings }) {
  const id = useId();
  const [registration, setRegistration] = useState<Registration>(saved.registration);
  const [hours, setHours] = useState(String(saved.defaultInviteHours));
  const [error, setError] = useState<string | undefined>();
  const [allowance, setAllowance] = useState(String(saved.invitesPerAdminPerHour));
  const [allowanceError, setAllowanceError] = useState<string | undefined>();
  const [reminder, setReminder] = useState(String(saved.reminderHoursBeforeExpiry));
  const [reminderError, setReminderError] = useState<string | undefined>();
  const [domains, setDomains] = useState(saved.signUpDomains);
  const [domainsError, setDomainsError] = useState<string | undefined>();
  const [redirect, setRedirect] = useState(saved.defaultRedirectUrl ?? "");
  const [redirectError, setRedirectError] = useState<string | undefined>();
  // Opening sign-up is confirmed in a dialog before it is saved.
  const [confirming, setConfirming] = useState(false);
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (next) => {
        setConfirming(false);
        queryClient.setQueryData(trpc.settings.get.queryKey(), next);
        void queryClient.invalidateQueries(trpc.settings.pathFilter());
        toast.success("Settings saved");
      },
      onError: (failure) => {
        setConfirming(false);
        if (getErrorReason(failure) === "REDIRECT_NOT_ALLOWED") {
          setRedirectError(getErrorMessage(failure));
          document.getElementById(`${id}-redirect`)?.focus();
          return;
        }
        if (getErrorReason(failure) !== "VALIDATION_FAILED") return;
        const fields = getFieldErrors(failure);
        setError(fields.defaultInviteHours);
        setAllowanceError(fields.invitesPerAdminPerHour);
        setReminderError(fields.reminderHoursBeforeExpiry);
        setDomainsError(Object.entries(fields).find(([field]) => field.startsWith("signUpDomains"))?.[1]);
        setRedirectError(fields.defaultRedirectUrl);
      },
    }),
  );

  const parsedHours = hours.trim() === "" ? NaN : Number(hours);
  const parsedAllowance = allowance.trim() === "" ? NaN : Number(allowance);
  const parsedReminder = reminder.trim() === "" ? NaN : Number(reminder);
  const dirty =
    registration !== saved.registration ||
    parsedHours !== saved.defaultInviteHours ||
    parsedAllowance !== saved.invitesPerAdminPerHour ||
    parsedReminder !== saved.reminderHoursBeforeExpiry ||
    domains.join() !== saved.signUpDomains.join() ||
    redirect.trim() !== (saved.defaultRedirectUrl ?? "");

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const result = inviteHoursSchema.safeParse(parsedHours);
    const allowed = invitesPerAdminPerHourSchema.safeParse(parsedAllowance);
    const remind = reminderHoursSchema.safeParse(parsedReminder);
    setError(result.success ? undefined : hours.trim() === "" ? "Enter a number of hours." : result.error.issues[0]?.message);
    setAllowanceError(allowed.success ? undefined : allowance.trim() === "" ? "Enter a number of invitations." : allowed.error.issues[0]?.message);
    setReminderError(remind.success ? undefined : reminder.trim() === "" ? "Enter a number of hours." : remind.error.issues[0]?.message);
    if (!result.success || !allowed.success || !remind.success) {
      document.getElementById(!result.success ? `${id}-hours` : !allowed.success ? `${id}-allowance` : `${id}-reminder`)?.focus();
      return;
    }
    if (registration === "OPEN" && saved.registration !== "OPEN" && !confirming) return setConfirming(true);
    update.mutate({
      registration,
      defaultInviteHours: result.data,
      invitesPerAdminPerHour: allowed.data,
      signUpDomains: domains,
      reminderHoursBeforeExpiry: remind.data,
      defaultRedirectUrl: redirect.trim() || null,
    });
  }

  const formError =
    update.error && !["VALIDATION_FAILED", "REDIRECT_NOT_ALLOWED"].includes(getErrorReason(update.error) ?? "") ? update.error : null;

  return (
    <form noValidate onSubmit={submit} aria-label="Settings">
      <Card>
        <CardHeader>
          <CardTitle as="h2" id={`${id}-registration`}>
            Who can join
          </CardTitle>
          <CardDescription>Whether people need an invitation to create an account.</CardDescription>
        </CardHeader>
        <CardContent>
          <div role="radiogroup" aria-labelledby={`${id}-registration`} className="grid gap-3 sm:grid-cols-2">
            <RegistrationOption
              name={`${id}-mode`}
              value="INVITE_ONLY"
              checked={registration === "INVITE_ONLY"}
              onSelect={setRegistration}
              title={
                <>
                  Invite only <Badge tone="accent">Recommended</Badge>
                </>
              }
            >
              Only people with an invitation link can create an account. You decide who gets in, and each link works
              once, for one email address.
            </RegistrationOption>
            <RegistrationOption
              name={`${id}-mode`}
              value="OPEN"
              checked={registration === "OPEN"}
              onSelect={setRegistration}
              title="Open sign-up"
            >
              Anyone can create a member account once they confirm their email through a link we send (or with a
              sign-in provider's verified email). Invitations still work, and remain the only way to add an admin.
            </RegistrationOption>
          </div>
          {registration === "OPEN" && saved.registration !== "OPEN" && (
            <Alert tone="warning" className="mt-4">
              Once saved, anyone who can reach this site can sign up{domains.length ? " with an address at a listed domain" : ""}.
              Each person confirms their email first. Use it for internal networks or a limited time.
            </Alert>
          )}
          {registration === "OPEN" && (
            <div className="mt-5">
              <SignUpDomainsField
                domains={domains}
                onChange={(next) => {
                  setDomains(next);
                  setDomainsError(undefined);
                }}
                serverError={domainsError}
              />
            </div>
          )}
        </CardContent>

        <div className="border-t border-gray-100">
          <CardHeader>
            <CardTitle as="h2">Invitations</CardTitle>
            <CardDescription>
              The default lifetime for new invitations (each can still choose its own), how many each admin may send,
              when the reminder goes, and where people land once they join.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <div className="max-w-xs space-y-1.5">
              <Label htmlFor={`${id}-hours`}>Default link lifetime</Label>
              <div className="flex items-center gap-2">
                <Input
                  id={`${id}-hours`}
                  name="defaultInviteHours"
                  type="number"
                  inputMode="numeric"
                  min={INVITE_HOURS_MIN}
                  max={INVITE_HOURS_MAX}
                  step={1}
                  value={hours}
                  onChange={(event) => {
                    setHours(event.target.value);
                    if (error) setError(undefined);
                  }}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`${id}-hours-hint ${id}-hours-error`}
                  className="w-28 tabular-nums"
                />
                <span className="text-sm text-gray-600">hours</span>
              </div>
              <FieldHint id={`${id}-hours-hint`}>
                {Number.isInteger(parsedHours) && parsedHours >= INVITE_HOURS_MIN && parsedHours <= INVITE_HOURS_MAX
                  ? `${describeHours(parsedHours)}. `
                  : ""}
                Between 1 hour and 30 days (720 hours).
              </FieldHint>
              <FieldError id={`${id}-hours-error`} role="alert">
                {error}
              </FieldError>
            </div>
            <div className="mt-5 max-w-md space-y-1.5">
              <Label htmlFor={`${id}-allowance`}>Invitations per admin per hour</Label>
              <div className="flex items-center gap-2">
                <Input
                  id={`${id}-allowance`}
                  name="invitesPerAdminPerHour"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  value={allowance}
                  onChange={(event) => {
                    setAllowance(event.target.value);
                    if (allowanceError) setAllowanceError(undefined);
                  }}
                  aria-invalid={allowanceError ? true : undefined}
                  aria-describedby={`${id}-allowance-hint ${id}-allowance-error`}
                  className="w-28 tabular-nums"
                />
                <span className="text-sm text-gray-600">invitations</span>
              </div>
              <FieldHint id={`${id}-allowance-hint`}>
                Each address in a list counts as one; resends count too. Raise it to onboard a large team in one sitting.
                The default is {INVITES_PER_ADMIN_PER_HOUR_DEFAULT}.
              </FieldHint>
              <FieldError id={`${id}-allowance-error`} role="alert">
                {allowanceError}
              </FieldError>
            </div>
            <div className="mt-5 max-w-md space-y-1.5">
              <Label htmlFor={`${id}-reminder`}>Reminder email</Label>
              <div className="flex items-center gap-2">
                <Input
                  id={`${id}-reminder`}
                  name="reminderHoursBeforeExpiry"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={INVITE_HOURS_MAX}
                  step={1}
                  value={reminder}
                  onChange={(event) => {
                    setReminder(event.target.value);
                    if (reminderError) setReminderError(undefined);
                  }}
                  aria-invalid={reminderError ? true : undefined}
                  aria-describedby={`${id}-reminder-hint ${id}-reminder-error`}
                  className="w-28 tabular-nums"
                />
                <span className="text-sm text-gray-600">hours before expiry</span>
              </div>
              <FieldHint id={`${id}-reminder-hint`}>
                {parsedReminder === 0
                  ? "No reminders. "
                  : "One reminder, with the same link, to each invitee who hasn’t accepted yet; none for invitations shorter than this. "}
                0 turns reminders off; the default is {REMINDER_HOURS_DEFAULT}.
              </FieldHint>
              <FieldError id={`${id}-reminder-error`} role="alert">
                {reminderError}
              </FieldError>
            </div>
            <div className="mt-5 max-w-xl space-y-1.5">
              <Label htmlFor={`${id}-redirect`}>
                After joining, send people to <span className="font-normal text-gray-500">(optional)</span>
              </Label>
              <Input
                id={`${id}-redirect`}
                name="defaultRedirectUrl"
                type="text"
                inputMode="url"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                maxLength={REDIRECT_URL_MAX}
                placeholder="/welcome, or https://… on a trusted site"
                value={redirect}
                onChange={(event) => {
                  setRedirect(event.target.value);
                  if (redirectError) setRedirectError(undefined);
                }}
                aria-invalid={redirectError ? true : undefined}
                aria-describedby={`${id}-redirect-hint ${id}-redirect-error`}
              />
              <FieldHint id={`${id}-redirect-hint`}>
                Where people land after accepting an invitation or signing up, unless their invitation or link names
                another page. A page of this app, or of a site listed in TRUSTED_ORIGINS. Empty: their home page here.
              </FieldHint>
              <FieldError id={`${id}-redirect-error`} role="alert">
                {redirectError}
              </FieldError>
            </div>
          </CardContent>
        </div>

        <CardFooter className="justify-between">
          <p className="text-sm text-gray-600" aria-live="polite">
            {dirty ? "You have unsaved changes." : ""}
          </p>
          <div className="flex gap-2">
            {dirty && (
              <Button
                variant="ghost"
                onClick={() => {
                  setRegistration(saved.registration);
                  setHours(String(saved.defaultInviteHours));
                  setError(undefined);
                  setAllowance(String(saved.invitesPerAdminPerHour));
                  setAllowanceError(undefined);
                  setReminder(String(saved.reminderHoursBeforeExpiry));
                  setReminderError(undefined);
                  setDomains(saved.signUpDomains);
                  setDomainsError(undefined);
                  setRedirect(saved.defaultRedirectUrl ?? "");
                  setRedirectError(undefined);
                  update.reset();
                }}
              >
                Discard
              </Button>
            )}
            <Button type="submit" loading={update.isPending} disabled={!dirty}>
              Save changes
            </Button>
          </div>
        </CardFooter>
      </Card>
      {formError && (
        <Alert tone="error" role="alert" className="mt-4">
          {getErrorMessage(formError)}
        </Alert>
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Open sign-up?"
        description={
          domains.length
            ? `Anyone with an email address at ${domains.map((domain) => `@${domain}`).join(", ")} will be able to create a member account.`
            : "Anyone who can reach this site will be able to create a member account with any email address."
        }
        confirmLabel="Open sign-up"
        pending={update.isPending}
        onConfirm={() => submit()}
      >
        <p className="text-sm text-gray-600">
          Each person must confirm their email before an account exists. Admins still join only by invitation, and you
          can switch back to invite only at any time.
        </p>
      </ConfirmDialog>
    </form>
  );
}

function describeHours(hours: number): string {
  if (hours < 24 || hours % 24 !== 0) return hours === 1 ? "1 hour" : `${hours} hours`;
  const days = hours / 24;
  return days === 1 ? "1 day" : `${days} days`;
}

function RegistrationOption({
  name,
  value,
  checked,
  onSelect,
  title,
  children,
}: {
  name: string;
  value: Registration;
  checked: boolean;
  onSelect: (value: Registration) => void;
  title: ReactNode;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <label
      htmlFor={id}
      className={cx(
        "flex cursor-pointer gap-3 rounded-lg border p-4 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-accent-600",
        checked ? "border-accent-600 bg-accent-50/50 ring-1 ring-accent-600" : "border-gray-200 hover:border-gray-300",
      )}
    >
      <input
        id={id}
        type="radio"
        name={name}
        value={value}
        checked={checked}
        onChange={() => onSelect(value)}
        aria-describedby={`${id}-description`}
        className="mt-0.5 size-4 shrink-0 accent-accent-600 focus-visible:outline-none"
      />
      <span className="min-w-0">
        <span className="flex flex-wrap items-center gap-2 text-sm font-semibold text-gray-900">{title}</span>
        <span id={`${id}-description`} className="mt-1 block text-sm text-gray-600">
          {children}
        </span>
      </span>
    </label>
  );
}
