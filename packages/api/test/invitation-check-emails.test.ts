import { BULK_INVITE_MAX } from "@invite/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupApi, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

/*
 * invitation.checkEmails: before a list is sent, who in it would be renewed (a pending
 * invitation: their emailed link stops working) and who already has an account.
 */

let t: TestApi;
let admin: Awaited<ReturnType<TestApi["signedIn"]>>;
beforeAll(async () => {
  t = await setupApi();
  admin = await t.signedIn("check-admin@example.com", "ADMIN");
});
afterAll(() => t?.close());

describe("invitation.checkEmails", () => {
  it("names the pending and the members, in list order, as createMany would treat them", async () => {
    await t.createUser("check-member@example.com");
    const pending = await admin.api.invitation.create({ email: "check-pending@example.com" });
    await admin.api.invitation.create({ email: "check-pending-2@example.com" });
    const revoked = await admin.api.invitation.create({ email: "check-revoked@example.com" });
    await admin.api.invitation.revoke({ id: revoked.invitation.id });
    const expired = await admin.api.invitation.create({ email: "check-expired@example.com" });
    await t.prisma.invitation.update({ where: { id: expired.invitation.id }, data: { expiresAt: new Date(t.clock.now().getTime() - 1000) } });

    const answer = await admin.api.invitation.checkEmails({
      emails: [
        "check-new@example.com",
        "  CHECK-PENDING-2@Example.com ",
        "not an address",
        "check-member@example.com",
        "check-revoked@example.com",
        "check-expired@example.com",
        "check-pending@example.com",
        "check-pending@example.com",
      ],
    });
    expect(answer).toEqual({
      pending: [
        { email: "check-pending-2@example.com", expiresAt: expect.any(Date) },
        { email: "check-pending@example.com", expiresAt: pending.invitation.expiresAt },
      ],
      members: ["check-member@example.com"],
    });

    // And createMany does what the check said.
    const { results } = await admin.api.invitation.createMany({
      people: ["check-pending@example.com", "check-member@example.com", "check-expired@example.com"].map((email) => ({ email })),
    });
    expect(results.map((r) => r.outcome)).toEqual(["renewed", "already_member", "invited"]);
  });

  it("a member with a pending invitation left over counts as a member only", async () => {
    await admin.api.invitation.create({ email: "check-both@example.com" });
    await t.createUser("check-both@example.com");
    expect(await admin.api.invitation.checkEmails({ emails: ["check-both@example.com"] })).toEqual({
      pending: [],
      members: ["check-both@example.com"],
    });
  });

  it("a list with no addresses answers empty without asking the database", async () => {
    expect(await admin.api.invitation.checkEmails({ emails: ["nope", ""] })).toEqual({ pending: [], members: [] });
  });

  it("takes a full list of 10,000 and refuses one more, or an overlong entry", async () => {
    const full = Array.from({ length: BULK_INVITE_MAX }, (_, i) => `check-many-${i}@example.com`);
    full[9_999] = "check-pending@example.com";
    const answer = await admin.api.invitation.checkEmails({ emails: full });
    expect(answer.pending.map((p) => p.email)).toEqual(["check-pending@example.com"]);

    const tooMany = await failure(admin.api.invitation.checkEmails({ emails: [...full, "one-more@example.com"] }));
    expect(tooMany).toMatchObject({ code: "BAD_REQUEST" });
    const tooLong = await failure(admin.api.invitation.checkEmails({ emails: [`${"a".repeat(600)}@example.com`] }));
    expect(tooLong).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(admin.api.invitation.checkEmails({ emails: [] }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("is for admins only", async () => {
    const member = await t.signedIn("check-plain-member@example.com", "MEMBER");
    expect(await failure(member.api.invitation.checkEmails({ emails: ["check-pending@example.com"] }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await failure((await t.caller()).invitation.checkEmails({ emails: ["check-pending@example.com"] }))).toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
