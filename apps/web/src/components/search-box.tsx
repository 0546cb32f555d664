import { useEffect, useRef, useState } from "react";
import { Input } from "./ui/field.tsx";
import { Spinner } from "./ui/spinner.tsx";

type SearchBoxProps = {
  id: string;
  /** Read by screen readers, and shown as the placeholder. */
  label: string;
  inputMode?: "email" | "text";
  value: string;
  onChange: (value: string) => void;
};

/**
 * A search field whose value the page keeps in the URL (`?q=`), so a reload or a shared URL
 * keeps it: typing is debounced into `onChange`; Escape clears it.
 */
export function SearchBox({ id, label, inputMode = "text", value, onChange }: SearchBoxProps) {
  const [text, setText] = useState(value);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  // The URL changed from elsewhere (back button, "Clear search"): show that.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setText(value);
  }
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => latest.current(text.trim() ? text : ""), 300);
    return () => clearTimeout(timer);
  }, [text, value]);
  const pending = text !== value && (text.trim() !== "" || value !== "");

  return (
    <div className="relative w-full sm:w-72">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <span aria-hidden="true" className="pointer-events-none absolute inset-y-0 left-3 grid place-items-center text-gray-400">
        {pending ? (
          <Spinner className="size-4" />
        ) : (
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-4">
            <path
              fillRule="evenodd"
              clipRule="evenodd"
              d="M9 3.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11ZM2 9a7 7 0 1 1 12.45 4.39l3.08 3.08a.75.75 0 1 1-1.06 1.06l-3.08-3.08A7 7 0 0 1 2 9Z"
            />
          </svg>
        )}
      </span>
      <Input
        id={id}
        type="search"
        inputMode={inputMode}
        autoCapitalize="none"
        spellCheck={false}
        placeholder={label}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && text) {
            event.preventDefault();
            setText("");
          }
        }}
        className="pl-9"
      />
    </div>
  );
}
