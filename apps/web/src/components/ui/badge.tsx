import type { ComponentProps } from "react";
import { cx } from "./cx.ts";

export type BadgeTone = "neutral" | "accent" | "success" | "warning" | "danger";

const tones: Record<BadgeTone, { badge: string; dot: string }> = {
  neutral: { badge: "bg-gray-100 text-gray-700 ring-gray-500/20", dot: "bg-gray-400" },
  accent: { badge: "bg-accent-50 text-accent-700 ring-accent-600/20", dot: "bg-accent-500" },
  success: { badge: "bg-green-50 text-green-800 ring-green-600/20", dot: "bg-green-600" },
  warning: { badge: "bg-amber-50 text-amber-800 ring-amber-600/25", dot: "bg-amber-500" },
  danger: { badge: "bg-red-50 text-red-700 ring-red-600/20", dot: "bg-red-600" },
};

type BadgeProps = ComponentProps<"span"> & { tone?: BadgeTone; dot?: boolean };

export function Badge({ tone = "neutral", dot = false, className, children, ...props }: BadgeProps) {
  return (
    <span
      className={cx(
        "inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        tones[tone].badge,
        className,
      )}
      {...props}
    >
      {dot && <span aria-hidden="true" className={cx("size-1.5 rounded-full", tones[tone].dot)} />}
      {children}
    </span>
  );
}

export type InvitationStatus = "PENDING" | "ACCEPTED" | "REVOKED" | "EXPIRED";
export type DeliveryStatus = "QUEUED" | "SENT" | "FAILED";

const statuses: Record<InvitationStatus | DeliveryStatus, { tone: BadgeTone; label: string }> = {
  PENDING: { tone: "warning", label: "Pending" },
  ACCEPTED: { tone: "success", label: "Accepted" },
  REVOKED: { tone: "danger", label: "Revoked" },
  EXPIRED: { tone: "neutral", label: "Expired" },
  QUEUED: { tone: "accent", label: "Queued" },
  SENT: { tone: "success", label: "Sent" },
  FAILED: { tone: "danger", label: "Failed" },
};

/** An invitation or email-delivery status as the API returns it (`"PENDING"`, `"SENT"`, ...). */
export function StatusBadge({ status, className }: { status: InvitationStatus | DeliveryStatus; className?: string }) {
  const { tone, label } = statuses[status];
  return (
    <Badge tone={tone} dot className={className}>
      {label}
    </Badge>
  );
}
