import { Popover } from "radix-ui";
import { Badge, StatusBadge } from "../ui/badge.tsx";
import { cx } from "../ui/cx.ts";
import { formatDistance } from "../../lib/relative-time.ts";
import { formatDateTime, formatRelative } from "../../lib/time.ts";
import type { Invitation } from "./invite-types.ts";

export const roleLabels = { ADMIN: "Admin", MEMBER: "Member" } as const;

export function RoleBadge({ role }: { role: Invitation["role"] }) {
  return role === "ADMIN" ? <Badge tone="accent">Admin</Badge> : <Badge>Member</Badge>;
}

export { StatusBadge };

type Delivery = NonNullable<Invitation["delivery"]>;

/** Where the invitation email is: queued (and retrying), sent, or failed, with why on demand. */
export function DeliveryBadge({ invitation, now }: { invitation: Invitation; now: number }) {
  const { delivery } = invitation;
  if (!delivery) return <span className="text-sm text-gray-400">—</span>;
  // Revoking stops an email that hadn't gone out yet: that's not a delivery problem.
  if (invitation.status === "REVOKED" && delivery.status !== "SENT") {
    return (
      <span title={delivery.lastError ?? undefined} className="inline-flex">
        <Badge>Not sent</Badge>
      </span>
    );
  }
  const retrying = delivery.status === "QUEUED" && delivery.attempts > 0 && Boolean(delivery.lastError);
  const badge =
    delivery.status === "QUEUED" ? (
      retrying ? (
        <Badge tone="warning" dot>
          Retrying
        </Badge>
      ) : (
        <Badge tone="accent" className="gap-1.5">
          <span aria-hidden="true" className="size-1.5 animate-pulse rounded-full bg-accent-500" />
          Queued
        </Badge>
      )
    ) : (
      <StatusBadge status={delivery.status} />
    );

  const reminder = reminderState(invitation, now);
  // Sent at the first attempt, or waiting for its first, and no reminder: nothing more to tell.
  if (!reminder && ((delivery.status === "SENT" && delivery.attempts <= 1) || (delivery.status === "QUEUED" && !retrying))) {
    return (
      <span title={delivery.sentAt ? `Sent ${formatDateTime(delivery.sentAt)}` : undefined} className="inline-flex">
        {badge}
      </span>
    );
  }

  return (
    <Popover.Root>
      <Popover.Trigger
        className="inline-flex items-center gap-1 rounded-full text-left"
        aria-label={`Email ${describe(delivery, retrying)}${reminder ? `, ${reminder.short.toLowerCase()}` : ""}: show details`}
      >
        <span className="flex flex-col items-start gap-1">
          <span className="inline-flex items-center gap-1">
            {badge}
            <InfoIcon className={delivery.status === "FAILED" ? "text-red-600" : "text-gray-400"} />
          </span>
          {/* The space keeps "Sent" and "Reminder …" two words in the text (flex drops it from the layout),
              so the button's name contains its visible text (WCAG 2.5.3; axe's label-content-name-mismatch). */}
          {reminder && (
            <>
              {" "}
              <span className="ml-0.5 text-xs whitespace-nowrap text-gray-500">{reminder.short}</span>
            </>
          )}
        </span>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          side="top"
          align="start"
          sideOffset={6}
          collisionPadding={12}
          className="z-40 w-72 rounded-lg bg-white p-3.5 text-sm shadow-lg ring-1 ring-gray-950/10 data-[state=open]:animate-fade-in"
        >
          <DeliveryDetails delivery={delivery} retrying={retrying} now={now} />
          {reminder && <ReminderDetails state={reminder} />}
          <Popover.Arrow className="fill-white" />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

function describe(delivery: Delivery, retrying: boolean) {
  if (retrying) return "delivery is being retried";
  return { QUEUED: "queued", SENT: "sent", FAILED: "failed" }[delivery.status];
}

export function DeliveryDetails({ delivery, retrying, now }: { delivery: Delivery; retrying: boolean; now: number }) {
  const attempts = `${delivery.attempts} ${delivery.attempts === 1 ? "attempt" : "attempts"}`;
  return (
    <div className="space-y-1.5">
      <p className="font-semibold text-gray-900">
        {delivery.status === "SENT"
          ? "Email delivered"
          : delivery.status === "FAILED"
            ? "Email not delivered"
            : retrying
              ? "Delivery is being retried"
              : "Waiting to be sent"}
      </p>
      <p className="text-gray-600">
        {delivery.status === "SENT" && delivery.sentAt ? (
          <>
            Sent <time dateTime={delivery.sentAt.toISOString()}>{formatRelative(delivery.sentAt, now)}</time> after{" "}
            {attempts}.
          </>
        ) : delivery.status === "FAILED" ? (
          <>
            {delivery.attempts > 0 ? `Gave up after ${attempts}. ` : "It wasn't sent. "}
            Resend to try again with a new link, or copy a link and share it yourself.
          </>
        ) : retrying ? (
          <>{attempts} so far; it keeps retrying with growing pauses, so nothing is lost while the mail server is down.</>
        ) : (
          "It usually goes out within seconds."
        )}
      </p>
      {delivery.lastError && (
        <p className={cx("rounded-md px-2.5 py-2 font-mono text-xs break-words", delivery.status === "FAILED" ? "bg-red-50 text-red-900" : "bg-gray-50 text-gray-700")}>
          {delivery.lastError}
        </p>
      )}
    </div>
  );
}

interface ReminderState {
  /** Under the delivery badge: "Reminder in 23 hours". */
  short: string;
  /** In the details: what happened or will, with the exact time. */
  title: string;
  detail: string | null;
  reason: string | null;
}

/**
 * The reminder email's part of the invitation's history, or null when there is nothing to say
 * (no reminder for an invitation that is over, or none scheduled yet).
 */
function reminderState(invitation: Invitation, now: number): ReminderState | null {
  const { reminder } = invitation;
  const open = invitation.status === "PENDING";
  if (reminder?.status === "SENT" && reminder.sentAt) {
    return { short: `Reminder sent ${formatRelative(reminder.sentAt, now)}`, title: "Reminder sent", detail: formatDateTime(reminder.sentAt), reason: null };
  }
  if (!open) return null;
  if (!invitation.sendReminder) {
    return { short: "Reminder off", title: "No reminder", detail: "Turned off for this invitation; turn it back on from the menu.", reason: null };
  }
  if (reminder?.status === "QUEUED") {
    return {
      short: `Reminder ${formatDistance(reminder.scheduledFor, now)}`,
      title: "Reminder scheduled",
      detail: `For ${formatDateTime(reminder.scheduledFor)}, with the same link.`,
      reason: null,
    };
  }
  if (reminder?.status === "FAILED") {
    return { short: "Reminder cancelled", title: "Reminder cancelled", detail: null, reason: reminder.lastError };
  }
  return null;
}

function ReminderDetails({ state }: { state: ReminderState }) {
  return (
    <div className="mt-3 space-y-1 border-t border-gray-100 pt-3">
      <p className="font-semibold text-gray-900">{state.title}</p>
      {state.detail && <p className="text-gray-600">{state.detail}</p>}
      {state.reason && <p className="rounded-md bg-gray-50 px-2.5 py-2 text-xs text-gray-700">{state.reason}</p>}
    </div>
  );
}

function InfoIcon({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 16 16" fill="currentColor" aria-hidden="true" className={cx("size-3.5 shrink-0", className)}>
      <path
        fillRule="evenodd"
        clipRule="evenodd"
        d="M15 8A7 7 0 1 1 1 8a7 7 0 0 1 14 0ZM9 5a1 1 0 1 1-2 0 1 1 0 0 1 2 0ZM6.75 8a.75.75 0 0 0 0 1.5h.75v1.75a.75.75 0 0 0 1.5 0v-2.5A.75.75 0 0 0 8.25 8h-1.5Z"
      />
    </svg>
  );
}
