import { isReason, type Reason } from "@invite/schemas";
import { TRPCClientError } from "@trpc/client";

/** The server's machine-readable reason (`error.data.reason`), when there is one. */
export function getErrorReason(error: unknown): Reason | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const reason: unknown = error.data?.reason;
  return isReason(reason) ? reason : undefined;
}

/** True when the request never got a tRPC answer: offline, server down, proxy error. */
export function isNetworkError(error: unknown): boolean {
  if (error instanceof TRPCClientError) return error.data === undefined || error.data === null;
  return error instanceof TypeError;
}

/**
 * A sentence to show a person for any error a query or mutation can throw. For a known
 * failure it is the server's own, which says what happened and what to do ("Try again in 40
 * seconds.", why a password is weak, "You can't remove yourself."); every reason has one
 * (packages/schemas/src/reasons.ts), so the browser needs no copy of them: the table stays
 * out of the accept page's first download. Validation failures get a summary; their details
 * are in `getFieldErrors`.
 */
export function getErrorMessage(error: unknown): string {
  const reason = getErrorReason(error);
  if (reason === "VALIDATION_FAILED") return "Some fields need attention.";
  const message = error instanceof TRPCClientError ? error.message.trim() : "";
  if (reason && message && message !== reason) return message;
  if (isNetworkError(error)) return "We couldn't reach the server. Check your connection and try again.";
  return "Something went wrong on our side. Try again in a moment.";
}

/** Per-field messages from a VALIDATION_FAILED error (`error.data.fieldErrors`), first message each. */
export function getFieldErrors(error: unknown): Partial<Record<string, string>> {
  if (!(error instanceof TRPCClientError)) return {};
  const fieldErrors: unknown = error.data?.fieldErrors;
  if (!fieldErrors || typeof fieldErrors !== "object") return {};
  const result: Partial<Record<string, string>> = {};
  for (const [field, messages] of Object.entries(fieldErrors)) {
    if (Array.isArray(messages) && typeof messages[0] === "string") result[field] = messages[0];
  }
  return result;
}
