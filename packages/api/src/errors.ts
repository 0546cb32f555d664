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
};

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: codeByReason[error.reason], message: error.message, cause: error });
}

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
