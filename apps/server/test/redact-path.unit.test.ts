import { describe, expect, it } from "vitest";
import { redactPath } from "../src/app.ts";

describe("redactPath (what request logs say)", () => {
  it.each([
    ["/invite/abcdefghijklmnopqrstuvwxyz234567", "/invite/[redacted]"],
    ["/setup/abcdefghijklmnopqrstuvwxyz234567?x=1", "/setup/[redacted]"],
    ["/reset-password/abcdefghijklmnopqrstuvwxyz234567", "/reset-password/[redacted]"],
    ["/sign-up/abcdefghijklmnopqrstuvwxyz234567", "/sign-up/[redacted]"],
    ["/join/abcdefghijklmnopqrstuvwxyz234567", "/join/[redacted]"],
    ["/trpc/auth.me?input=%7B%7D", "/trpc/auth.me"],
  ])("%s → %s: link tokens never reach the log", (url, logged) => {
    expect(redactPath(url)).toBe(logged);
  });
});
