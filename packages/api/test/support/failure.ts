import { TRPCError } from "@trpc/server";
import { expect } from "vitest";

/** Awaits a call that must fail and returns its tRPC code, reason and message. */
export async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected the call to fail").toBeInstanceOf(TRPCError);
  const trpc = error as TRPCError;
  const cause = trpc.cause as { reason?: string; details?: unknown } | undefined;
  return { code: trpc.code, reason: cause?.reason, message: trpc.message, details: cause?.details };
}
