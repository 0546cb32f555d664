import type { ComponentProps } from "react";
import { cx } from "./cx.ts";
import { Spinner } from "./spinner.tsx";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type ButtonSize = "sm" | "md";

const base =
  "inline-flex items-center justify-center gap-2 whitespace-nowrap rounded-md font-medium transition-colors " +
  "disabled:pointer-events-none disabled:opacity-60 aria-busy:opacity-60";

const variants: Record<ButtonVariant, string> = {
  primary: "bg-accent-solid text-on-accent shadow-xs hover:bg-accent-solid-hover active:bg-accent-solid-active",
  secondary: "border border-gray-300 bg-white text-gray-900 shadow-xs hover:bg-gray-50 active:bg-gray-100",
  ghost: "text-gray-700 hover:bg-gray-100 hover:text-gray-900 active:bg-gray-200",
  danger: "bg-red-700 text-white shadow-xs hover:bg-red-800 active:bg-red-900 focus-visible:outline-red-700",
};

const sizes: Record<ButtonSize, string> = {
  sm: "h-8 px-3 text-sm",
  md: "h-10 px-4 text-sm",
};

/** Button styling for things that are not `<button>`s, e.g. a router `<Link>`. */
export function buttonClassName({
  variant = "primary",
  size = "md",
  className,
}: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}): string {
  return cx(base, variants[variant], sizes[size], className);
}

type ButtonProps = ComponentProps<"button"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /**
   * Shows a spinner and marks the button busy; clicks (and Enter in its form) do nothing until
   * it is done. It stays focusable, so keyboard focus is still there when the answer comes.
   */
  loading?: boolean;
};

export function Button({
  variant,
  size,
  loading = false,
  disabled,
  className,
  children,
  type = "button",
  onClick,
  ...props
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled}
      aria-busy={loading || undefined}
      aria-disabled={loading || undefined}
      className={buttonClassName({ variant, size, className })}
      // A form's implicit submission clicks its submit button too: cancelling it stops both.
      onClick={loading ? (event) => event.preventDefault() : onClick}
      {...props}
    >
      {loading && <Spinner />}
      {children}
    </button>
  );
}
