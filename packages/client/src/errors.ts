import { TRPCClientError } from "@trpc/client";
import { isReason, reasonMessages, type Reason } from "@invite/schemas";
import type { AppRouter } from "./router.ts";

/** A failure as the client throws it; `error.data` is typed (`reason`, `fieldErrors`…) once narrowed. */
export type InviteClientError = TRPCClientError<AppRouter>;

/** True for anything the client threw, whether or not the server answered (see `isNetworkError`). */
export function isInviteClientError(error: unknown): error is InviteClientError {
  return error instanceof TRPCClientError;
}

/** The server's machine-readable reason (`error.data.reason`), when there is one. */
export function getErrorReason(error: unknown): Reason | undefined {
  if (!isInviteClientError(error)) return undefined;
  const reason: unknown = error.data?.reason;
  return isReason(reason) ? reason : undefined;
}

/** True when the request never got an answer from the API: offline, server down, a proxy's error page. */
export function isNetworkError(error: unknown): boolean {
  if (isInviteClientError(error)) return error.data === undefined || error.data === null;
  return error instanceof TypeError;
}

/** The API's own sentence for a reason, for a reason you have without an error (a `?reason=` in a URL). */
export function reasonMessage(reason: Reason): string {
  return reasonMessages[reason];
}

/**
 * A sentence to show a person for any error a call can throw. For a known failure it is the
 * server's own, which says what happened and what to do ("Try again in 40 seconds.", why a
 * password is weak); every reason has one, so this needs no copy of the reasons' table (and
 * an app that never calls `reasonMessage` ships none). Validation failures get a summary;
 * the details are in `getFieldErrors`.
 */
export function getErrorMessage(error: unknown): string {
  const reason = getErrorReason(error);
  if (reason === "VALIDATION_FAILED") return "Some fields need attention.";
  const message = isInviteClientError(error) ? error.message.trim() : "";
  if (reason && message && message !== reason) return message;
  if (isNetworkError(error)) return "We couldn't reach the server. Check your connection and try again.";
  return "Something went wrong on our side. Try again in a moment.";
}

/**
 * Per-field messages of a VALIDATION_FAILED error (`error.data.fieldErrors`), the first of
 * each field, to show beside it: `{ email: "Enter a valid email address." }`.
 */
export function getFieldErrors(error: unknown): Partial<Record<string, string>> {
  if (!isInviteClientError(error)) return {};
  const fieldErrors: unknown = error.data?.fieldErrors;
  if (!fieldErrors || typeof fieldErrors !== "object") return {};
  const result: Partial<Record<string, string>> = {};
  for (const [field, messages] of Object.entries(fieldErrors)) {
    if (Array.isArray(messages) && typeof messages[0] === "string") result[field] = messages[0];
  }
  return result;
}
