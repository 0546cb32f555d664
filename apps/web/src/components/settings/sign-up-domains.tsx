import { SIGN_UP_DOMAINS_MAX, signUpDomainSchema } from "@invite/schemas";
import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { Button } from "../ui/button.tsx";
import { FieldError, FieldHint, Input, Label } from "../ui/field.tsx";

/**
 * The settings' list of email domains open sign-up admits (`signUpDomains`; empty: any), and
 * a shareable invite link's (`allowedDomains`), with their own label and hint.
 * Type a domain and press Enter or "Add" (a pasted "a.com, b.com" adds both); each listed
 * domain has its own remove button. Exact domains: "example.com" does not admit a subdomain.
 */
export function SignUpDomainsField({
  domains,
  onChange,
  serverError,
  label = "Allowed email domains",
  hint,
}: {
  domains: string[];
  onChange: (domains: string[]) => void;
  serverError?: string | undefined;
  label?: ReactNode;
  /** Under the input; the sign-up setting's words when left out. */
  hint?: ReactNode;
}) {
  const id = useId();
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string>();

  function add() {
    const typed = draft.split(/[\s,;]+/).filter(Boolean);
    if (typed.length === 0) return setError("Type a domain such as example.com.");
    const next = [...domains];
    for (const value of typed) {
      const parsed = signUpDomainSchema.safeParse(value);
      if (!parsed.success) return setError(`"${value}" isn't a domain. Type one such as example.com.`);
      if (!next.includes(parsed.data)) next.push(parsed.data);
    }
    if (next.length > SIGN_UP_DOMAINS_MAX) return setError(`List at most ${SIGN_UP_DOMAINS_MAX} domains.`);
    onChange(next);
    setDraft("");
    setError(undefined);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== "Enter") return;
    event.preventDefault(); // Enter adds the domain; it does not save the whole form
    add();
  }

  const shown = error ?? serverError;
  return (
    <div className="space-y-1.5">
      <Label htmlFor={`${id}-input`}>{label}</Label>
      <div className="flex gap-2">
        <Input
          id={`${id}-input`}
          name="signUpDomain"
          inputMode="url"
          autoCapitalize="none"
          spellCheck={false}
          placeholder="example.com"
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value);
            if (error) setError(undefined);
          }}
          onKeyDown={onKeyDown}
          aria-invalid={shown ? true : undefined}
          aria-describedby={`${id}-hint ${id}-error`}
          className="max-w-xs"
        />
        <Button variant="secondary" onClick={add}>
          Add
        </Button>
      </div>
      <FieldHint id={`${id}-hint`}>
        {hint ??
          (domains.length === 0
            ? "None listed: any email address may sign up. List your company's domains to admit only its people."
            : "Only addresses at these domains may sign up (exact domains: list a subdomain on its own). Invitations are not limited.")}
      </FieldHint>
      <FieldError id={`${id}-error`} role="alert">
        {shown}
      </FieldError>
      {domains.length > 0 && (
        <ul aria-label="Listed domains" className="flex flex-wrap gap-2 pt-1">
          {domains.map((domain) => (
            <li
              key={domain}
              className="inline-flex items-center gap-1 rounded-full bg-accent-50 py-1 pr-1 pl-3 text-sm font-medium text-accent-800 ring-1 ring-accent-600/20 ring-inset"
            >
              @{domain}
              <button
                type="button"
                onClick={() => onChange(domains.filter((listed) => listed !== domain))}
                aria-label={`Remove ${domain}`}
                className="grid size-6 place-items-center rounded-full text-accent-700 hover:bg-accent-100 focus-visible:outline-2 focus-visible:outline-accent-600"
              >
                <svg viewBox="0 0 16 16" fill="currentColor" aria-hidden="true" className="size-3.5">
                  <path d="M5.28 4.22a.75.75 0 0 0-1.06 1.06L6.94 8l-2.72 2.72a.75.75 0 1 0 1.06 1.06L8 9.06l2.72 2.72a.75.75 0 1 0 1.06-1.06L9.06 8l2.72-2.72a.75.75 0 0 0-1.06-1.06L8 6.94 5.28 4.22Z" />
                </svg>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
