import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "../ui/button.tsx";
import { cx } from "../ui/cx.ts";
import { Input, Label } from "../ui/field.tsx";

/**
 * Copies text to the clipboard: the async Clipboard API where the page may use it, else the
 * old `execCommand("copy")` on a hidden textarea (plain http origins, older browsers).
 * Resolves false when neither worked, so the caller can point at a selectable field instead.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission denied or no focus: try the fallback.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  // Inside a modal dialog, only its own subtree may take focus.
  const host = document.activeElement?.closest("[role=dialog],[role=alertdialog]") ?? document.body;
  host.appendChild(area);
  const previous = document.activeElement as HTMLElement | null;
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  previous?.focus();
  return ok;
}

/** "Copied" for a moment after a successful copy; `null` until the first attempt. */
export function useCopy(): [
  state: "copied" | "failed" | null,
  copy: (text: string, options?: { quiet?: boolean }) => Promise<boolean>,
] {
  const [state, setState] = useState<"copied" | "failed" | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  /** `quiet`: a copy nobody clicked for; a failure then shows nothing. */
  async function copy(text: string, { quiet = false } = {}) {
    const ok = await copyText(text);
    if (!ok && quiet) return false;
    setState(ok ? "copied" : "failed");
    clearTimeout(timer.current);
    if (ok) timer.current = setTimeout(() => setState(null), 2500);
    return ok;
  }
  return [state, copy];
}

type CopyFieldProps = {
  label: ReactNode;
  value: string;
  hint?: ReactNode;
  className?: string;
  /** Copy as soon as it appears (when the field is shown right after a click). */
  copyOnMount?: boolean;
};

/**
 * A read-only, selectable field with a Copy button. The field stays useful where the
 * clipboard is blocked: it selects itself on focus, ready for Ctrl+C / long-press.
 */
export function CopyField({ label, value, hint, className, copyOnMount = false }: CopyFieldProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [state, copy] = useCopy();
  const autoCopied = useRef(false);

  useEffect(() => {
    if (!copyOnMount || autoCopied.current) return;
    autoCopied.current = true;
    void copy(value, { quiet: true });
    // Only once, for the value it appeared with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className={cx("space-y-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      <div className="flex gap-2">
        <Input
          ref={input}
          id={id}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby={`${id}-status${hint ? ` ${id}-hint` : ""}`}
          className="min-w-0 font-mono text-[0.8125rem] sm:text-[0.8125rem]"
        />
        <Button
          variant="secondary"
          className="w-28 shrink-0"
          onClick={async () => {
            if (!(await copy(value))) input.current?.select();
          }}
        >
          {state === "copied" ? <CheckIcon /> : <CopyIcon />}
          {state === "copied" ? "Copied" : "Copy link"}
        </Button>
      </div>
      <p id={`${id}-status`} role="status" className={cx("text-sm", state === "failed" ? "text-amber-800" : "sr-only")}>
        {state === "copied" ? "Link copied to the clipboard." : state === "failed" ? "Your browser blocked copying: the link is selected, press Ctrl+C (⌘C on a Mac)." : ""}
      </p>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-gray-600">
          {hint}
        </p>
      )}
    </div>
  );
}

export function CopyIcon({ className = "size-4" }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className={cx("shrink-0", className)}>
      <path d="M7 3.5A1.5 1.5 0 0 1 8.5 2h3.879a1.5 1.5 0 0 1 1.06.44l3.122 3.12A1.5 1.5 0 0 1 17 6.622V12.5a1.5 1.5 0 0 1-1.5 1.5h-1v-3.379a3 3 0 0 0-.879-2.121L10.5 5.379A3 3 0 0 0 8.379 4.5H7v-1Z" />
      <path d="M4.5 6A1.5 1.5 0 0 0 3 7.5v9A1.5 1.5 0 0 0 4.5 18h7a1.5 1.5 0 0 0 1.5-1.5v-5.879a1.5 1.5 0 0 0-.44-1.06L9.44 6.439A1.5 1.5 0 0 0 8.378 6H4.5Z" />
    </svg>
  );
}

export function CheckIcon({ className = "size-4" }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className={cx("shrink-0 text-green-600", className)}>
      <path
        fillRule="evenodd"
        clipRule="evenodd"
        d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4l3.3 3.29 7.3-7.3a1 1 0 0 1 1.4 0Z"
      />
    </svg>
  );
}
