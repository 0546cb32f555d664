import { isReason, reasonMessages, type Reason } from "@invite/schemas";
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

/** A sentence to show a person for any error a query or mutation can throw. */
export function getErrorMessage(error: unknown): string {
  const reason = getErrorReason(error);
  if (reason) return reasonMessages[reason];
  if (isNetworkError(error)) return "We couldn't reach the server. Check your connection and try again.";
  return "Something went wrong on our side. Try again in a moment.";
}

/**
 * Like `getErrorMessage`, but prefers the server's own sentence when it sent one on
 * purpose: "Try again in 40 seconds." (RATE_LIMITED), why a password is weak
 * (WEAK_PASSWORD), "That session has already ended." Validation failures keep the
 * generic sentence; their details are in `getFieldErrors`.
 */
export function getDetailedErrorMessage(error: unknown): string {
  const reason = getErrorReason(error);
  if (reason && reason !== "VALIDATION_FAILED" && error instanceof TRPCClientError) {
    const message = error.message.trim();
    if (message && message !== reason) return message;
  }
  return getErrorMessage(error);
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
