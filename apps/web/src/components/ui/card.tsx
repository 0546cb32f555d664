import type { ComponentProps } from "react";
import { cx } from "./cx.ts";

export function Card({ className, ...props }: ComponentProps<"section">) {
  return (
    <section className={cx("rounded-xl border border-gray-200 bg-white shadow-xs", className)} {...props} />
  );
}

export function CardHeader({ className, ...props }: ComponentProps<"div">) {
  return <div className={cx("space-y-1 px-5 pt-5 sm:px-6 sm:pt-6", className)} {...props} />;
}

/** A heading; pick the level that fits the page outline with `as`. */
export function CardTitle({
  as: Heading = "h2",
  className,
  ...props
}: ComponentProps<"h2"> & { as?: "h1" | "h2" | "h3" }) {
  return <Heading className={cx("text-base font-semibold text-gray-900", className)} {...props} />;
}

export function CardDescription({ className, ...props }: ComponentProps<"p">) {
  return <p className={cx("text-sm text-gray-600", className)} {...props} />;
}

export function CardContent({ className, ...props }: ComponentProps<"div">) {
  return <div className={cx("px-5 py-5 sm:px-6", className)} {...props} />;
}

export function CardFooter({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      className={cx(
        "flex flex-wrap items-center justify-end gap-3 rounded-b-xl border-t border-gray-100 bg-gray-50/60 px-5 py-3 sm:px-6",
        className,
      )}
      {...props}
    />
  );
}
