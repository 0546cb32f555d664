import type { ComponentProps } from "react";
import { cx } from "./cx.ts";

/** A bordered table that scrolls sideways on narrow screens instead of overflowing the page. */
/**
 * `scrollLabel`: a table that may be wider than a phone (no links or buttons inside to reach
 * with Tab) becomes a focusable, named region, so keyboard users can scroll it (WCAG 2.1.1).
 */
export function Table({ className, scrollLabel, ...props }: ComponentProps<"table"> & { scrollLabel?: string }) {
  return (
    <div
      className="overflow-x-auto rounded-xl border border-gray-200 bg-white shadow-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent-600"
      {...(scrollLabel && { tabIndex: 0, role: "region", "aria-label": scrollLabel })}
    >
      <table className={cx("w-full border-collapse text-left text-sm", className)} {...props} />
    </div>
  );
}

export function TableCaption({ className, ...props }: ComponentProps<"caption">) {
  return <caption className={cx("px-4 py-3 text-left text-sm text-gray-600", className)} {...props} />;
}

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cx("border-b border-gray-200 bg-gray-50", className)} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cx("divide-y divide-gray-100", className)} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cx("transition-colors hover:bg-gray-50/70", className)} {...props} />;
}

export function TableHead({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      className={cx("px-4 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-gray-600 uppercase", className)}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: ComponentProps<"td">) {
  return <td className={cx("px-4 py-3 align-middle text-gray-700", className)} {...props} />;
}
