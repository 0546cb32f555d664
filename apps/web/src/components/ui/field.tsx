import { useId, type ComponentProps, type ReactNode } from "react";
import { cx } from "./cx.ts";

/*
 * Form controls. `TextField` (and friends) wire a label, an optional hint and an
 * error to one control: the control gets `aria-describedby` pointing at both and
 * `aria-invalid` while there is an error. Use the pieces directly for custom layouts.
 */

// Focus: the solid 2px accent ring every focusable gets (styles.css), hugging the border.
const control =
  "block w-full rounded-md border border-field-border bg-white px-3 text-base text-gray-900 shadow-xs " +
  "placeholder:text-gray-500 transition-colors sm:text-sm " +
  "focus-visible:border-accent-600 focus-visible:outline-offset-0 " +
  "disabled:cursor-not-allowed disabled:bg-gray-50 disabled:text-gray-500 " +
  "aria-invalid:border-red-600 aria-invalid:focus-visible:outline-red-600";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cx(control, "h-10", className)} {...props} />;
}

export function Textarea({ className, rows = 4, ...props }: ComponentProps<"textarea">) {
  return <textarea rows={rows} className={cx(control, "py-2", className)} {...props} />;
}

/** A native `<select>`: accessible and mobile-friendly for short option lists. */
export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cx(control, "select-chevron h-10 appearance-none pr-9", className)} {...props} />;
}

export function Label({ className, ...props }: ComponentProps<"label">) {
  return <label className={cx("block text-sm font-medium text-gray-900", className)} {...props} />;
}

export function FieldHint({ className, ...props }: ComponentProps<"p">) {
  return <p className={cx("text-sm text-gray-600", className)} {...props} />;
}

/** Renders nothing without children, so it can always be present. */
export function FieldError({ className, children, ...props }: ComponentProps<"p">) {
  if (!children) return null;
  return (
    <p className={cx("flex gap-1.5 text-sm font-medium text-red-700", className)} {...props}>
      <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="mt-0.5 size-4 shrink-0">
        <path
          fillRule="evenodd"
          d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
          clipRule="evenodd"
        />
      </svg>
      <span>{children}</span>
    </p>
  );
}

type ControlProps = {
  id: string;
  "aria-describedby": string | undefined;
  "aria-invalid": true | undefined;
};

type FieldProps = {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  /** Shown after the label; the control itself should carry `required`. */
  optional?: boolean;
  className?: string;
  /** Receives the ids and ARIA attributes to spread onto the control. */
  children: (control: ControlProps) => ReactNode;
};

/** Label + control + hint + error, with ids wired up. */
export function Field({ label, hint, error, optional, className, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cx("space-y-1.5", className)}>
      <Label htmlFor={id}>
        {label}
        {optional && <span className="ml-1 font-normal text-gray-500">(optional)</span>}
      </Label>
      {children({ id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined })}
      {hint && <FieldHint id={hintId}>{hint}</FieldHint>}
      <FieldError id={errorId}>{error}</FieldError>
    </div>
  );
}

export type TextFieldProps = Omit<ComponentProps<"input">, "id" | "children"> &
  Pick<FieldProps, "label" | "hint" | "error" | "optional"> & { fieldClassName?: string };

/** The common case: `<TextField label="Email" name="email" type="email" error={errors.email} />`. */
export function TextField({ label, hint, error, optional, fieldClassName, ...inputProps }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} optional={optional} className={fieldClassName}>
      {(control) => <Input {...inputProps} {...control} />}
    </Field>
  );
}
