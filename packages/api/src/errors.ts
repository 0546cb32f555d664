import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { reasonMessages, type Reason } from "@invite/schemas";

/** The one error domain code throws: a stable reason, optionally with details for the UI. */
export class AppError extends Error {
  constructor(
    readonly reason: Reason,
    message: string = reasonMessages[reason],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** Each reason's tRPC code; the one table that decides HTTP statuses for domain failures. */
const codeByReason: Record<Reason, TRPC_ERROR_CODE_KEY> = {
  INVITATION_NOT_FOUND: "NOT_FOUND",
  INVITATION_EXPIRED: "BAD_REQUEST",
  INVITATION_USED: "CONFLICT",
  INVITATION_REVOKED: "BAD_REQUEST",
  EMAIL_MISMATCH: "BAD_REQUEST",
  ALREADY_MEMBER: "CONFLICT",
  WEAK_PASSWORD: "BAD_REQUEST",
  INVALID_CREDENTIALS: "UNAUTHORIZED",
  ACCOUNT_SUSPENDED: "FORBIDDEN",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  VALIDATION_FAILED: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  SETUP_TOKEN_INVALID: "NOT_FOUND",
  RESET_LINK_INVALID: "NOT_FOUND",
  ADMIN_EXISTS: "CONFLICT",
  ROLE_NOT_ALLOWED: "FORBIDDEN",
  REGISTRATION_CLOSED: "FORBIDDEN",
  LAST_SIGN_IN_METHOD: "CONFLICT",
  ACCOUNT_LINKED_ELSEWHERE: "CONFLICT",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  ORIGIN_NOT_ALLOWED: "FORBIDDEN",
  EMAIL_DOMAIN_NOT_ALLOWED: "FORBIDDEN",
  SIGN_UP_LINK_NOT_FOUND: "NOT_FOUND",
  SIGN_UP_LINK_EXPIRED: "BAD_REQUEST",
  SIGN_UP_LINK_USED: "CONFLICT",
  INVITATION_PENDING: "CONFLICT",
  INVITE_LINK_NOT_FOUND: "NOT_FOUND",
  INVITE_LINK_REVOKED: "BAD_REQUEST",
  INVITE_LINK_EXPIRED: "BAD_REQUEST",
  INVITE_LINK_FULL: "CONFLICT",
  OAUTH_STATE_INVALID: "BAD_REQUEST",
  OAUTH_DENIED: "BAD_REQUEST",
  OAUTH_FAILED: "BAD_REQUEST",
  PROVIDER_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  EMAIL_NOT_VERIFIED: "BAD_REQUEST",
  ACCOUNT_EXISTS: "CONFLICT",
  PROVIDER_ALREADY_LINKED: "CONFLICT",
  SAME_PASSWORD: "BAD_REQUEST",
  REDIRECT_NOT_ALLOWED: "BAD_REQUEST",
  PASSKEY_VERIFICATION_FAILED: "UNAUTHORIZED",
  CHALLENGE_EXPIRED: "BAD_REQUEST",
};

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: codeByReason[error.reason], message: error.message, cause: error });
}

// Database failures: every Prisma code and SQLSTATE the API gives a meaning to is read here.

/** A unique index refused the write: someone else got there in the same instant. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/**
 * Creating a user whose email another request registered in the same instant, after our own
 * check found none: the unique index refuses it, and the caller hears ALREADY_MEMBER.
 */
export async function orAlreadyMember<T>(createUser: PromiseLike<T>, message?: string): Promise<T> {
  try {
    return await createUser;
  } catch (error) {
    throw isUniqueViolation(error) ? new AppError("ALREADY_MEMBER", message) : error;
  }
}

/**
 * A row the request relied on was deleted by a concurrent request (another admin removed the
 * member, the caller's own account was removed mid-request), or a concurrent request held
 * the same rows: the user can refresh and retry, so it is a 4xx or 503 with words, not a 500.
 * Prisma's P2025 (not found), P2003 (foreign key) and P2034 (deadlock, write conflict), and
 * the SQLSTATEs plain SQL gets for the last two (`pg` and PGlite): 23503, 40P01 and 40001.
 */
export function vanishedRow(cause: unknown): AppError | null {
  const code = typeof cause === "object" && cause !== null && "code" in cause ? cause.code : null;
  if (code === "P2025") return new AppError("NOT_FOUND", "That no longer exists. Refresh the page and try again.");
  if (code === "P2003" || code === "23503") {
    return new AppError("NOT_FOUND", "Something this needs was removed meanwhile. Refresh the page and try again.");
  }
  // A deadlock or write conflict with a request that changed the same rows: nothing was kept.
  if (code === "P2034" || code === "40P01" || code === "40001") {
    return new AppError("SERVICE_UNAVAILABLE", "Someone else changed this at the same moment. Try again.");
  }
  return null;
}

/** What `pg` says, with no SQLSTATE, when a connection breaks under a query or between two, or none frees up in time. */
const PG_CONNECTION_LOST = [
  "Connection terminated unexpectedly",
  "Connection terminated",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
  "timeout exceeded when trying to connect",
];

/**
 * The database connection broke under the request (a restart, a failover, an operator
 * ending it): PostgreSQL's connection-exception class 08 and shutdown codes 57P01-57P03, as
 * Prisma's driver adapter passes them on or `pg` gives them (the rate limits' queries), and
 * `pg`'s own words for a connection that broke between two statements of a transaction. The
 * transaction rolled back, so a retry is safe. Also used by the session lookup (app.ts).
 */
export function lostConnection(cause: unknown): boolean {
  for (let error = cause, depth = 0; typeof error === "object" && error !== null && depth < 5; depth++) {
    const { code, message, meta } = error as {
      code?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
    };
    const adapter = meta?.driverAdapterError?.cause;
    const sqlState = adapter?.originalCode ?? code;
    if (typeof sqlState === "string" && /^(08[0-9A-Z]{3}|57P0[1-3])$/.test(sqlState)) return true;
    if (adapter?.kind === "ConnectionClosed" || adapter?.kind === "DatabaseNotReachable") return true;
    if (typeof message === "string" && PG_CONNECTION_LOST.includes(message)) return true;
    error = (error as { cause?: unknown }).cause;
  }
  return false;
}
