import { isEmailDomainAllowed } from "@invite/schemas";
import { describe, expect, it } from "vitest";
import { domainList, isAtDomain } from "./domain-list.ts";

describe("isAtDomain", () => {
  it("decides as the server's isEmailDomainAllowed does, for the addresses a person types", () => {
    const lists = [[], ["example.com"], ["example.com", "eng.example.org"]];
    const emails = ["ada@example.com", "ada@eng.example.com", "ada@example.org", "ada@eng.example.org", "a@b@example.com", "nobody", "x@EXAMPLE.COM"];
    for (const domains of lists) {
      for (const email of emails) {
        expect(isAtDomain(email, domains), `${email} at ${domains.join(",")}`).toBe(isEmailDomainAllowed(email.toLowerCase(), domains));
      }
    }
  });

  it("ignores the spaces and capitals a person may type around an address", () => {
    expect(isAtDomain("  Ada@Example.COM ", ["example.com"])).toBe(true);
  });
});

describe("domainList", () => {
  it("names one, two or more domains as a sentence does", () => {
    expect(domainList(["a.com"])).toBe("@a.com");
    expect(domainList(["a.com", "b.com"])).toBe("@a.com or @b.com");
    expect(domainList(["a.com", "b.com", "c.com"])).toBe("@a.com, @b.com or @c.com");
  });
});
