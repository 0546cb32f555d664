import type { Reason } from "@invite/schemas";
import { Alert } from "./ui/alert.tsx";
import { getErrorMessage, getErrorReason } from "../lib/errors.ts";

/**
 * A form's failure above its fields: nothing when there is none, or when its reason is one
 * the form shows beside a field instead; a rate limit is a warning, anything else an error.
 */
export function FormAlert({ error, besideFields = [] }: { error: unknown; besideFields?: Reason[] }) {
  if (!error) return null;
  const reason = getErrorReason(error);
  if (reason && besideFields.includes(reason)) return null;
  return (
    <Alert tone={reason === "RATE_LIMITED" ? "warning" : "error"} role="alert">
      {getErrorMessage(error)}
    </Alert>
  );
}
