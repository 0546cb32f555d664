import type { ComponentProps } from "react";
import { cx } from "./cx.ts";

type SpinnerProps = {
  /** When given, the spinner is announced as a status; otherwise it is decorative. */
  label?: string;
  className?: string;
};

export function Spinner({ label, className }: SpinnerProps) {
  const svg = (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      aria-hidden="true"
      className={cx("size-4 shrink-0 animate-spin", className)}
    >
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
  if (!label) return svg;
  return (
    <span role="status" className="inline-flex items-center gap-2">
      {svg}
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** A grey placeholder block; size it with classes (`h-4 w-40`). Hidden from assistive tech. */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return (
    <div aria-hidden="true" className={cx("animate-pulse rounded-md bg-gray-200/80", className)} {...props} />
  );
}
