import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import { isReason, type Reason } from "@invite/schemas";
import type { Context } from "./context.ts";
import { AppError, toTRPCError } from "./errors.ts";
import type { ErrorShape } from "./error-shape.ts";
import { fieldErrors, validationMessage } from "./input/validation-message.ts";
import { unstorable } from "./input/storable.ts";
import { transformer } from "./input/wire.ts";

const t = initTRPC.context<Context>().create({
  transformer,
  errorFormatter({ shape, error }): ErrorShape {
    const cause = error.cause;
    const reason: Reason | null =
      cause instanceof AppError
        ? cause.reason
        : cause instanceof z.ZodError || cause instanceof SyntaxError
          ? "VALIDATION_FAILED"
          : isReason(error.message)
            ? error.message
            : null;
    // Internal failures say nothing about their insides (queries, file paths, names).
    // A body or `?input=` tRPC could not parse: say so, without echoing the input back.
    // Input the schema refused: its messages as sentences, not zod's issues as JSON.
    const message =
      error.code === "INTERNAL_SERVER_ERROR"
        ? "Something went wrong on our side."
        : cause instanceof SyntaxError
          ? "The input is not valid JSON."
          : cause instanceof z.ZodError
            ? validationMessage(cause)
            : shape.message;
    // Stack traces stay in the logs.
    const { stack: _stack, ...data } = shape.data;
    return {
      code: shape.code,
      message,
      data: {
        ...data,
        reason,
        details: cause instanceof AppError ? (cause.details ?? null) : null,
        fieldErrors: cause instanceof z.ZodError ? fieldErrors(cause) : null,
      },
    };
  },
});

/**
 * A row the request relied on was deleted by a concurrent request (another admin removed the
 * member, the caller's own account was removed mid-request), or a concurrent request held
 * the same rows: the user can refresh and retry, so it is a 4xx or 503 with words, not a 500.
 * Prisma's P2025 (not found), P2003 (foreign key) and P2034 (deadlock, write conflict), and
 * the SQLSTATEs plain SQL gets for the last two (`pg` and PGlite): 23503, 40P01 and 40001.
 */
function vanishedRow(cause: unknown): AppError | null {
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
 * transaction rolled back, so a retry is safe. Exported for the session lookup (app.ts).
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

/**
 * Turns a domain AppError into the matching TRPCError, so routers stay thin. An unexpected
 * failure while the database is unreachable is a 503 the client can retry, not a 500.
 */
const appErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) return result;
  if (result.error.cause instanceof AppError) return { ...result, error: toTRPCError(result.error.cause) };
  const vanished = vanishedRow(result.error.cause);
  if (vanished) return { ...result, error: toTRPCError(vanished) };
  if (result.error.code === "INTERNAL_SERVER_ERROR" && (lostConnection(result.error.cause) || !(await ctx.db.ping()))) {
    return { ...result, error: toTRPCError(new AppError("SERVICE_UNAVAILABLE")) };
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Refuses unstorable input for every procedure at once, before it can reach a query. */
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  const problem = unstorable(await getRawInput());
  if (problem) throw new AppError("VALIDATION_FAILED", problem);
  return next();
});

export const publicProcedure = t.procedure.use(appErrors).use(storableInput);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || !ctx.sessionId) {
    throw toTRPCError(new AppError("UNAUTHENTICATED"));
  }
  return next({ ctx: { ...ctx, user: ctx.user, sessionId: ctx.sessionId } });
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "ADMIN") throw toTRPCError(new AppError("FORBIDDEN"));
  return next({ ctx });
});

export { TRPCError };
