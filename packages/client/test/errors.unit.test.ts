import { TRPCClientError } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { AppRouter as ServerRouter } from "@invite/api";
import {
  getErrorMessage,
  getErrorReason,
  getFieldErrors,
  isNetworkError,
  reasonMessage,
  reasons,
  type AppRouter,
  type ErrorShape,
  type RouterInputs,
  type RouterOutputs,
} from "../src/index.ts";

/** A failure as the client throws it for an answer with this shape (what httpBatchLink does). */
function answered(shape: ErrorShape) {
  return TRPCClientError.from<AppRouter>({ error: shape });
}

const validation: ErrorShape = {
  code: -32600,
  message: "email: Enter a valid email address.",
  data: {
    code: "BAD_REQUEST",
    httpStatus: 400,
    path: "invitation.create",
    reason: "VALIDATION_FAILED",
    details: null,
    fieldErrors: { email: ["Enter a valid email address.", "Email is too long."] },
  },
};

describe("the error helpers", () => {
  it("read the reason and the first message of each field", () => {
    const error = answered(validation);
    expect(getErrorReason(error)).toBe("VALIDATION_FAILED");
    expect(getFieldErrors(error)).toEqual({ email: "Enter a valid email address." });
    expect(getErrorMessage(error)).toBe("Some fields need attention.");
    expect(isNetworkError(error)).toBe(false);
    // Typed, once narrowed: no casts in an app.
    expectTypeOf(error.data?.fieldErrors).toEqualTypeOf<Record<string, string[]> | null | undefined>();
  });

  it("give a domain failure the server's own sentence", () => {
    const error = answered({
      ...validation,
      message: "Try again in 40 seconds.",
      data: { ...validation.data, reason: "RATE_LIMITED", httpStatus: 429, fieldErrors: null },
    });
    expect(getErrorReason(error)).toBe("RATE_LIMITED");
    expect(getErrorMessage(error)).toBe("Try again in 40 seconds.");
    expect(getFieldErrors(error)).toEqual({});
  });

  it("tell a request that got no answer apart, and ignore what is not the client's", () => {
    const offline = TRPCClientError.from(new TypeError("Failed to fetch"));
    expect(isNetworkError(offline)).toBe(true);
    expect(getErrorReason(offline)).toBeUndefined();
    expect(getErrorMessage(offline)).toMatch(/couldn't reach the server/);
    expect(getErrorReason(new Error("INVALID_CREDENTIALS"))).toBeUndefined();
    expect(getErrorMessage("nonsense")).toMatch(/went wrong on our side/);
  });

  it("have a sentence for every reason", () => {
    for (const reason of reasons) expect(reasonMessage(reason)).toMatch(/\.$/);
  });
});

describe("the client's router type", () => {
  it("has the server's procedures, inputs and outputs, without its context", () => {
    expectTypeOf<RouterInputs>().toEqualTypeOf<inferRouterInputs<ServerRouter>>();
    expectTypeOf<RouterOutputs>().toEqualTypeOf<inferRouterOutputs<ServerRouter>>();
    expectTypeOf<AppRouter["_def"]["_config"]["$types"]["errorShape"]>().toEqualTypeOf<
      ServerRouter["_def"]["_config"]["$types"]["errorShape"]
    >();
    expectTypeOf<AppRouter["_def"]["_config"]["$types"]["ctx"]>().toEqualTypeOf<object>();
  });
});
