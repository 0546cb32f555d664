import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import { isReason, type Reason } from "@invite/schemas";
import type { Context } from "./context.ts";
import { AppError, lostConnection, toTRPCError, vanishedRow } from "./errors.ts";
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
