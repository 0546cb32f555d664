import type { inferRouterInputs, inferRouterOutputs, TRPCBuiltRouter } from "@trpc/server";
import type { ErrorShape, procedures } from "@invite/api/public-router";

export type { ErrorData, ErrorShape, FieldErrors } from "@invite/api/public-router";

/**
 * The API's router as its clients need it: every procedure with its input and output, the
 * error shape, and superjson as the transformer. The server's context is left out (`object`):
 * tRPC's client never reads it, and it would bring the server's own types along.
 */
export type AppRouter = TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: ErrorShape; transformer: true },
  typeof procedures
>;

/** Every procedure's input, e.g. `RouterInputs["invitation"]["create"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Every procedure's output (after superjson: `Date` stays a `Date`), e.g. `RouterOutputs["invitation"]["list"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
