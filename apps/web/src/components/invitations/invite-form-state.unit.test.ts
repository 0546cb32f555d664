import { describe, expect, it } from "vitest";
import { lifetimeLabel } from "./invite-form-state.ts";

describe("lifetimeLabel", () => {
  it("says one hour or day in the singular, and more in the plural", () => {
    expect(lifetimeLabel(1)).toBe("1 hour");
    expect(lifetimeLabel(5)).toBe("5 hours");
    expect(lifetimeLabel(24)).toBe("1 day");
    expect(lifetimeLabel(72)).toBe("3 days");
    expect(lifetimeLabel(36)).toBe("36 hours");
  });
});
