import { useEffect, useRef, useState } from "react";
import { REDIRECT_URL_MAX } from "@invite/schemas";
import { TextField } from "./ui/field.tsx";

/*
 * "After joining, send them to": an invitation's or a shareable link's `redirectUrl`, tucked in a
 * "More options" disclosure so the main form stays short. It opens by itself when the address is
 * refused (REDIRECT_NOT_ALLOWED, with the origins the server allows), and shows what is set while
 * closed, so a value is never hidden from whoever sends.
 */

/** Where an empty field sends people: the workspace's default, else this app's home page. */
export function fallbackLabel(defaultRedirectUrl: string | null | undefined): string {
  return defaultRedirectUrl ? `the workspace default (${shorten(defaultRedirectUrl)})` : "their home page here";
}

export function shorten(url: string): string {
  const bare = url.replace(/^https?:\/\//i, "");
  return bare.length > 48 ? `${bare.slice(0, 47)}…` : bare;
}

export function AfterJoiningField({
  value,
  onChange,
  error,
  defaultRedirectUrl,
}: {
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  defaultRedirectUrl: string | null | undefined;
}) {
  const [toggled, setOpen] = useState(Boolean(value));
  // A refused address keeps it open: closed, it would hide what is wrong.
  const open = toggled || Boolean(error);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (error) inputRef.current?.focus();
  }, [error]);
  const set = value.trim();
  return (
    <details
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      className="group rounded-lg border border-gray-200 bg-gray-50/60 open:bg-white"
    >
      <summary className="flex cursor-pointer list-none items-center justify-between gap-3 rounded-lg px-3.5 py-2.5 text-sm font-medium text-gray-800 select-none [&::-webkit-details-marker]:hidden">
        <span className="flex min-w-0 items-center gap-2">
          <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-4 shrink-0 text-gray-500 transition-transform group-open:rotate-90">
            <path fillRule="evenodd" d="M7.21 14.77a.75.75 0 0 1 .02-1.06L11.168 10 7.23 6.29a.75.75 0 1 1 1.04-1.08l4.5 4.25a.75.75 0 0 1 0 1.08l-4.5 4.25a.75.75 0 0 1-1.06-.02Z" clipRule="evenodd" />
          </svg>
          More options
        </span>
        {!open && (
          <span className="truncate text-xs font-normal text-gray-600">
            {set ? `After joining: ${shorten(set)}` : "After joining: home page"}
          </span>
        )}
      </summary>
      <div className="border-t border-gray-200 px-3.5 pt-3 pb-3.5">
        <TextField
          ref={inputRef}
          label="After joining, send them to"
          optional
          name="redirectUrl"
          type="text"
          inputMode="url"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={REDIRECT_URL_MAX}
          placeholder="/welcome, or https://… on a trusted site"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          error={error}
          hint={`A page of this app, or of a site your operator trusts (TRUSTED_ORIGINS). Empty: ${fallbackLabel(defaultRedirectUrl)}.`}
        />
      </div>
    </details>
  );
}
