import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "./support/server.ts";

// The error every procedure answers with, as @invite/client types it (packages/api/src/error-shape.ts):
// tRPC's shape, no stack, `data.reason`, and for refused input `fieldErrors` by field and a
// message made of the fields' own sentences.

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function signIn(input: unknown) {
  const response = await server.fetch("/trpc/auth.signIn", {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin },
    body: JSON.stringify({ json: input }),
  });
  const body = (await response.json()) as { error: { json: { message: string; code: number; data: Record<string, unknown> } } };
  return { status: response.status, error: body.error.json };
}

describe("the error shape over HTTP", () => {
  it("refused input: every message of each field, and a message made of them, not zod's issues as JSON", async () => {
    const { status, error } = await signIn({ email: "not an address", password: 42 });
    expect(status).toBe(400);
    expect(error.code).toBe(-32600);
    expect(error.message).toBe("email: Enter a valid email address. password: Invalid input: expected string, received number.");
    expect(error.data).toEqual({
      code: "BAD_REQUEST",
      httpStatus: 400,
      path: "auth.signIn",
      reason: "VALIDATION_FAILED",
      details: null,
      fieldErrors: {
        email: ["Enter a valid email address."],
        password: ["Invalid input: expected string, received number"],
      },
    });
  });

  it("a domain failure: its reason's sentence, no field errors, and no stack", async () => {
    const { status, error } = await signIn({ email: "nobody@example.com", password: "whatever it is" });
    expect(status).toBe(401);
    expect(error.data).toMatchObject({ reason: "INVALID_CREDENTIALS", fieldErrors: null, details: null, path: "auth.signIn" });
    expect(error.data).not.toHaveProperty("stack");
    expect(error.message).toMatch(/^That email and password/);
  });
});
