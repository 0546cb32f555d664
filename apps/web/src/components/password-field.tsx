import { PASSWORD_MAX, PASSWORD_MIN, passwordLength } from "@invite/schemas";
import type { PasswordStrength } from "@invite/schemas/password-strength";
import { useDeferredValue, useId, useMemo, useState, type ComponentProps, type ReactNode } from "react";
import { FieldError, Input, Label } from "./ui/field.tsx";
import { cx } from "./ui/cx.ts";

/*
 * A password input with a show/hide toggle and, for new passwords, a live strength
 * meter. The accept-invite page (entry chunk) will use it too, so it stays lean: the
 * estimator (zxcvbn-ts and its dictionaries) is a separate chunk, fetched when the field is
 * focused (or first typed in), and judged with the same function the server uses.
 */

type Estimate = (password: string, related?: string[]) => PasswordStrength;

let estimator: Promise<Estimate> | undefined;

function loadEstimator(): Promise<Estimate> {
  estimator ??= import("@invite/schemas/password-strength").then(
    (module) => module.estimatePasswordStrength,
    (error: unknown) => {
      estimator = undefined; // let the next keystroke try again
      throw error;
    },
  );
  return estimator;
}

// The third step is not enough (the server wants "Strong"), so it must not read as a pass.
const verdicts = ["Too weak", "Weak", "Almost there", "Strong", "Very strong"] as const;
const barColors = ["bg-red-600", "bg-orange-500", "bg-amber-400", "bg-green-600", "bg-green-700"] as const;
const verdictColors = ["text-red-700", "text-orange-700", "text-amber-700", "text-green-700", "text-green-800"] as const;

type PasswordFieldProps = Omit<ComponentProps<"input">, "id" | "type" | "value" | "onChange" | "children"> & {
  label?: ReactNode;
  value: string;
  onValueChange: (value: string) => void;
  error?: ReactNode;
  /** A new password: shows the length rule and the strength meter, and asks for `new-password` autofill. */
  meter?: boolean;
  /** What makes a password guessable here (the email, the name); only used with `meter`. */
  related?: readonly string[];
  /** Beside the label, e.g. a "Forgot password?" link. */
  labelAction?: ReactNode;
  className?: string;
};

export function PasswordField({
  label = "Password",
  value,
  onValueChange,
  error,
  meter = false,
  related = [],
  labelAction,
  className,
  ...inputProps
}: PasswordFieldProps) {
  const id = useId();
  const [visible, setVisible] = useState(false);
  const [estimate, setEstimate] = useState<Estimate | null>(null);

  // Scoring a long password takes a few milliseconds: let typing stay ahead of it.
  const deferred = useDeferredValue(value);
  const relatedKey = related.join("\n");
  const strength = useMemo(
    () => (meter && estimate && deferred ? estimate(deferred, relatedKey ? relatedKey.split("\n") : []) : null),
    [meter, estimate, deferred, relatedKey],
  );

  function fetchEstimator() {
    if (!meter || estimate) return;
    loadEstimator().then(
      (fn) => setEstimate(() => fn),
      () => undefined, // offline: the length rule still shows, the server still judges
    );
  }

  const ids = { rule: `${id}-rule`, verdict: `${id}-verdict`, feedback: `${id}-feedback`, error: `${id}-error` };
  // Each fact once: an error replaces the meter's tip (a WEAK_PASSWORD refusal says what to
  // change) and, when the length is what was refused, the meter's length rule too.
  const feedback = value && !error && strength?.feedback;
  const length = passwordLength(value);
  const showRule = !(error && (length < PASSWORD_MIN || length > PASSWORD_MAX));
  const describedBy = [
    meter && showRule && ids.rule,
    meter && value && ids.verdict,
    feedback && ids.feedback,
    error && ids.error,
  ].filter(Boolean);

  return (
    <div className={cx("space-y-1.5", className)}>
      <div className="flex items-baseline justify-between gap-3">
        <Label htmlFor={id}>{label}</Label>
        {labelAction}
      </div>
      <div className="relative">
        <Input
          autoComplete={meter ? "new-password" : "current-password"}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          {...inputProps}
          id={id}
          type={visible ? "text" : "password"}
          value={value}
          onFocus={(event) => {
            inputProps.onFocus?.(event);
            // Whoever focuses a new-password field is about to type: fetch the estimator now.
            fetchEstimator();
          }}
          onChange={(event) => {
            const next = event.target.value;
            onValueChange(next);
            if (next) fetchEstimator();
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy.length ? describedBy.join(" ") : undefined}
          className="pr-16"
        />
        <button
          type="button"
          onClick={() => setVisible((v) => !v)}
          aria-controls={id}
          aria-label={visible ? "Hide password" : "Show password"}
          className="absolute inset-y-1 right-1 rounded px-2.5 text-sm font-medium text-gray-600 hover:bg-gray-100 hover:text-gray-900"
        >
          {visible ? "Hide" : "Show"}
        </button>
      </div>
      <FieldError id={ids.error}>{error}</FieldError>
      {meter && <Meter value={value} strength={strength} ids={ids} feedback={feedback || undefined} showRule={showRule} />}
    </div>
  );
}

function Meter({
  value,
  strength,
  feedback,
  ids,
  showRule,
}: {
  value: string;
  strength: PasswordStrength | null;
  feedback: string | undefined;
  ids: { rule: string; verdict: string; feedback: string };
  showRule: boolean;
}) {
  const length = passwordLength(value);
  const tooLong = length > PASSWORD_MAX;
  const longEnough = length >= PASSWORD_MIN && !tooLong;
  const filled = value && strength ? strength.score + 1 : 0;
  return (
    <div className="space-y-1.5 pt-0.5">
      {value && (
        <div className="flex gap-1" aria-hidden="true">
          {verdicts.map((verdict, step) => (
            <span
              key={verdict}
              className={cx(
                "h-1.5 flex-1 rounded-full transition-colors",
                step < filled && strength ? barColors[strength.score] : "bg-gray-200",
              )}
            />
          ))}
        </div>
      )}
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 text-sm">
        {showRule && (
          <p id={ids.rule} className={cx("flex items-center gap-1.5", tooLong ? "text-red-700" : "text-gray-600")}>
            <RuleIcon met={longEnough} />
            {tooLong ? (
              `At most ${PASSWORD_MAX} characters`
            ) : (
              <span>
                At least {PASSWORD_MIN} characters
                {value && !longEnough && <span className="text-gray-500"> · {PASSWORD_MIN - length} to go</span>}
              </span>
            )}
          </p>
        )}
        {/* Always in the DOM, so screen readers announce its changes. */}
        <p id={ids.verdict} aria-live="polite" className="text-gray-600">
          {value && (strength ? (
            <>
              Strength: <strong className={cx("font-semibold", verdictColors[strength.score])}>{verdicts[strength.score]}</strong>
            </>
          ) : (
            <span className="text-gray-500">Checking strength…</span>
          ))}
        </p>
      </div>
      {feedback && (
        <p id={ids.feedback} className="text-sm text-pretty text-gray-600">
          {feedback}
        </p>
      )}
    </div>
  );
}

function RuleIcon({ met }: { met: boolean }) {
  return met ? (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-4 shrink-0 text-green-600">
      <path
        fillRule="evenodd"
        clipRule="evenodd"
        d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm3.86-9.8a.75.75 0 0 0-1.22-.88l-3.24 4.5-1.6-1.6a.75.75 0 0 0-1.06 1.06l2.22 2.22a.75.75 0 0 0 1.14-.09l3.76-5.2Z"
      />
    </svg>
  ) : (
    <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-4 shrink-0 text-gray-500">
      <circle cx="10" cy="10" r="7" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
