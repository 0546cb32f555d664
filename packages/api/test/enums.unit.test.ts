import { describe, expect, expectTypeOf, it } from "vitest";
import * as prisma from "@invite/db";
import { DeliveryStatus, InvitationStatus, Registration, Role } from "@invite/schemas";

// The API's answers carry the enums of @invite/schemas (a client's types need no Prisma), while
// the database has Prisma's: they must be the same values, or an answer could hold a value its
// type does not list.

/** Prisma's enums that no answer carries, so @invite/schemas has no copy of them. */
const DATABASE_ONLY = ["EmailProofPurpose"];

describe("the enums of @invite/schemas and of the Prisma schema", () => {
  it("have the same values", () => {
    expect(Role).toEqual(prisma.Role);
    expect(InvitationStatus).toEqual(prisma.InvitationStatus);
    expect(DeliveryStatus).toEqual(prisma.DeliveryStatus);
    expect(Registration).toEqual(prisma.Registration);
  });

  it("and the same types", () => {
    expectTypeOf<Role>().toEqualTypeOf<prisma.Role>();
    expectTypeOf<InvitationStatus>().toEqualTypeOf<prisma.InvitationStatus>();
    expectTypeOf<DeliveryStatus>().toEqualTypeOf<prisma.DeliveryStatus>();
    expectTypeOf<Registration>().toEqualTypeOf<prisma.Registration>();
  });

  it("every enum of the Prisma schema is copied, or known to stay in the database", () => {
    const copied = ["Role", "InvitationStatus", "DeliveryStatus", "Registration"];
    expect(Object.keys(prisma.$Enums).sort()).toEqual([...copied, ...DATABASE_ONLY].sort());
  });
});
