import { FieldHint } from "../ui/field.tsx";
import { CheckIcon } from "./copy-field.tsx";
import type { ParsedEmails } from "./email-list.ts";

/** Under the email field: how many addresses we found, which ones won't work, repeats dropped. */
export function EmailSummary({ id, parsed, many, renewalsNamed }: { id: string; parsed: ParsedEmails; many: boolean; renewalsNamed: boolean }) {
  if (!many) {
    return (
      <FieldHint id={id}>
        To invite several people, paste a list (one per line or separated by commas, with names as mail apps copy them)
        or import a CSV file.
      </FieldHint>
    );
  }
  // A name's problem is said with it: the address beside it is fine.
  const shown = parsed.invalid.slice(0, 3).map((entry) => (entry.field === "name" ? `“${entry.input}” (${lowerFirst(entry.error)})` : `“${entry.input}”`));
  const addressesOnly = parsed.invalid.every((entry) => entry.field === "email");
  const more = parsed.invalid.length - shown.length;
  return (
    <div id={id} className="space-y-1 text-sm">
      <p className="flex items-center gap-1.5 text-gray-700">
        <CheckIcon />
        {parsed.valid.length} {parsed.valid.length === 1 ? "address" : "addresses"} ready
        {parsed.named > 0 && (
          <span className="text-gray-500">
            {" "}
            · {parsed.named === parsed.valid.length ? (parsed.named === 1 ? "with its name" : "all with names") : `${parsed.named} with names`}
          </span>
        )}
        {parsed.duplicates > 0 && (
          <span className="text-gray-500">
            {" "}
            · {parsed.duplicates} {parsed.duplicates === 1 ? "repeat" : "repeats"} left out
          </span>
        )}
      </p>
      {parsed.invalid.length > 0 && (
        <p className="wrap-anywhere text-amber-800">
          {addressesOnly
            ? `${parsed.invalid.length === 1 ? "1 entry isn't" : `${parsed.invalid.length} entries aren't`} a valid email address`
            : `${parsed.invalid.length === 1 ? "1 entry can't" : `${parsed.invalid.length} entries can't`} be invited`}{" "}
          and will be skipped: {shown.join(", ")}
          {more > 0 && ` and ${more} more`}.
        </p>
      )}
      {/* Until the check names them (renewal-check.tsx), or if it can't, say what happens. */}
      {!renewalsNamed && (
        <p className="text-gray-600">
          Anyone who already has a pending invitation gets it renewed: a new link, and their earlier one stops working.
        </p>
      )}
    </div>
  );
}

/** "The name is…" → "the name is…", inside a sentence; and without its full stop. */
const lowerFirst = (text: string) => (text.charAt(0).toLowerCase() + text.slice(1)).replace(/\.$/, "");
