import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrors, validationMessage } from "../src/input/validation-message.ts";

function refusal(schema: z.ZodType, input: unknown): z.ZodError {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("the input was accepted");
  return result.error;
}

describe("refused input, as the error formatter words it", () => {
  const person = z.object({
    email: z.email("Enter a valid email address."),
    name: z.string().min(1, "Enter your name").max(5, "Name is too long."),
  });

  it("names each problem after its field, as sentences, once each", () => {
    const error = refusal(person, { email: "nope", name: "" });
    expect(validationMessage(error)).toBe("email: Enter a valid email address. name: Enter your name.");
    expect(fieldErrors(error)).toEqual({ email: ["Enter a valid email address."], name: ["Enter your name"] });
  });

  it("gives nested problems their path, and names at most five", () => {
    const error = refusal(z.object({ people: z.array(person) }), { people: Array.from({ length: 7 }, () => ({ email: "x", name: "Ada" })) });
    const message = validationMessage(error);
    expect(message).toMatch(/^people\.0\.email: Enter a valid email address\. people\.1\.email: /);
    expect(message).toMatch(/ And 2 more\.$/);
    // By the first segment of each path, every message kept.
    expect(fieldErrors(error)).toEqual({ people: Array.from({ length: 7 }, () => "Enter a valid email address.") });
  });

  it("a key the caller chose is cut short in the message, and stays a plain key in fieldErrors", () => {
    const long = "k".repeat(500);
    const error = refusal(z.record(z.string(), z.number()), { [long]: "x" });
    expect(validationMessage(error)).toContain(`${"k".repeat(40)}…: `);
    expect(validationMessage(error).length).toBeLessThan(200);

    const issue = (path: string[]) => ({ code: "custom" as const, path, message: "Not this.", input: null });
    const fields = fieldErrors(new z.ZodError([issue(["__proto__"]), issue(["constructor"]), issue(["__proto__", "x"])]));
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.keys(fields)).toEqual(["__proto__", "constructor"]);
    expect(Object.getOwnPropertyDescriptor(fields, "__proto__")?.value).toEqual(["Not this.", "Not this."]);
  });

  it("a problem with the whole input has no field", () => {
    const error = refusal(z.string(), 5);
    expect(validationMessage(error)).toBe("Invalid input: expected string, received number.");
    expect(fieldErrors(error)).toEqual({});
  });
});
