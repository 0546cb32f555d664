import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvitation } from "../src/invitations/service.ts";
import { CookieJar, setupApi, STRONG_PASSWORD, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

/*
 * Names travel with the invitation (issue 13): the name an admin gives is kept on the invitation,
 * shown in lists and the activity trail, greets the invitee in the email, fills in the accept page
 * (invitation.preview) and becomes the account's name unless the invitee gives their own.
 */

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

let counter = 0;
const freshEmail = () => `named-${++counter}@example.com`;
const newAdmin = () => t.signedIn(`named-admin-${++counter}@example.com`, "ADMIN");
const tokenOf = (inviteUrl: string) => inviteUrl.split("/invite/")[1]!;
const preview = async (inviteUrl: string) => (await t.caller()).invitation.preview({ token: tokenOf(inviteUrl) });

/** The payload of the invitation's email still waiting to go, and the invitation's audit data. */
async function written(invitationId: string) {
  const queued = await t.prisma.emailMessage.findFirstOrThrow({ where: { invitationId, status: "QUEUED" } });
  const audit = await t.prisma.auditEvent.findMany({ where: { targetId: invitationId }, orderBy: { id: "asc" } });
  return { payload: queued.payload as Record<string, unknown>, audit: audit.map((event) => event.data) };
}

describe("invitation.create with a name", () => {
  it("keeps the name, trimmed: in the answer, the list, the email's greeting, the audit and the preview", async () => {
    const admin = await newAdmin();
    const email = freshEmail();
    const { invitation, inviteUrl } = await admin.api.invitation.create({ email, name: "  Ada Lovelace  " });
    expect(invitation).toMatchObject({ email, name: "Ada Lovelace" });
    expect(await admin.api.invitation.get({ id: invitation.id })).toMatchObject({ name: "Ada Lovelace" });
    const { items } = await admin.api.invitation.list({ search: email });
    expect(items.map((item) => [item.email, item.name])).toEqual([[email, "Ada Lovelace"]]);
    const { payload, audit } = await written(invitation.id);
    expect(payload).toMatchObject({ inviteeName: "Ada Lovelace" });
    expect(audit).toEqual([{ email, role: "MEMBER", name: "Ada Lovelace" }]);
    expect(await preview(inviteUrl)).toMatchObject({ email, name: "Ada Lovelace", status: "PENDING" });
  });

  it("without a name writes what it always wrote: no name anywhere, the same payload and audit", async () => {
    const admin = await newAdmin();
    const email = freshEmail();
    const { invitation, inviteUrl } = await admin.api.invitation.create({ email });
    expect(invitation.name).toBeNull();
    const { payload, audit } = await written(invitation.id);
    expect(Object.keys(payload).sort()).toEqual(["appUrl", "expiresAt", "inviterEmail", "inviterName", "message", "role"]);
    expect(audit).toEqual([{ email, role: "MEMBER" }]);
    expect((await preview(inviteUrl)).name).toBeNull();
  });

  it("takes 1 to 100 code points, and refuses blanks, longer names and unshowable characters with a 400", async () => {
    const admin = await newAdmin();
    // 100 emoji are 200 UTF-16 units but 100 characters as people count them.
    const hundred = "👩".repeat(100);
    const ok = await admin.api.invitation.create({ email: freshEmail(), name: hundred });
    expect(ok.invitation.name).toBe(hundred);
    expect((await admin.api.invitation.create({ email: freshEmail(), name: "Ω" })).invitation.name).toBe("Ω");

    // (BAD_REQUEST is a 400 on the wire, with reason VALIDATION_FAILED.)
    const refused: Array<[string, string]> = [
      ["", "Enter your name."],
      ["   ", "Enter your name."],
      ["x".repeat(101), "Name is too long."],
      ["👩".repeat(101), "Name is too long."],
      ["Ada\u0000Lovelace", "NUL"], // refused for every input before the procedure runs
      ["Ada\nBcc: eve@example.com", "Use letters"],
      ["Ada\tLovelace", "Use letters"],
      ["Ada\u007f", "Use letters"],
      ["Ada\u0085", "Use letters"],
      ["\u202eecalevoL adA", "Use letters"], // right-to-left override: reorders the sentence around it
      ["Ada\u2066Lovelace", "Use letters"],
    ];
    for (const [name, message] of refused) {
      const email = freshEmail();
      const answer = await failure(admin.api.invitation.create({ email, name }));
      expect(answer, JSON.stringify(name)).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining(message) });
      expect(await t.prisma.invitation.count({ where: { email } })).toBe(0);
    }
    for (const name of [42, null, ["Ada"], { first: "Ada" }]) {
      expect(await failure(admin.api.invitation.create({ email: freshEmail(), name: name as never }))).toMatchObject({ code: "BAD_REQUEST" });
    }
  });

  it("renewing with a name replaces the old one; renewing without one keeps it, in the row and in the new email", async () => {
    const admin = await newAdmin();
    const email = freshEmail();
    const first = await admin.api.invitation.create({ email, name: "Ada Byron" });
    const renamed = await admin.api.invitation.create({ email, name: "Ada Lovelace" });
    expect(renamed).toMatchObject({ refreshed: true, invitation: { id: first.invitation.id, name: "Ada Lovelace" } });
    expect((await written(first.invitation.id)).payload).toMatchObject({ inviteeName: "Ada Lovelace" });

    const kept = await admin.api.invitation.create({ email });
    expect(kept).toMatchObject({ refreshed: true, invitation: { name: "Ada Lovelace" } });
    const { payload, audit } = await written(first.invitation.id);
    expect(payload).toMatchObject({ inviteeName: "Ada Lovelace" });
    expect(audit.at(-1)).toEqual({ email, role: "MEMBER", name: "Ada Lovelace" });
    expect(await preview(kept.inviteUrl)).toMatchObject({ name: "Ada Lovelace" });

    // A resend carries the name too (its email is built from the row).
    const resent = await admin.api.invitation.resend({ id: first.invitation.id });
    expect(resent.invitation.name).toBe("Ada Lovelace");
    expect((await written(first.invitation.id)).payload).toMatchObject({ inviteeName: "Ada Lovelace" });
  });

  it("the CLI's path (no limits) writes the name as the API does", async () => {
    const admin = await newAdmin();
    const email = freshEmail();
    const { row } = await createInvitation(t.services, { user: admin.user, ip: null }, { email, role: "MEMBER", name: "Grace Hopper" });
    expect(row.name).toBe("Grace Hopper");
    expect(await t.prisma.invitation.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ name: "Grace Hopper" });
  });

  it("the preview offers the name only while the link can be used", async () => {
    const admin = await newAdmin();
    const { invitation, inviteUrl } = await admin.api.invitation.create({ email: freshEmail(), name: "Grace Hopper" });
    await admin.api.invitation.revoke({ id: invitation.id });
    expect(await preview(inviteUrl)).toMatchObject({ status: "REVOKED", name: null });
  });
});

describe("accepting a named invitation", () => {
  it("the account takes the invitee's own name when they give one, else the invitation's", async () => {
    const admin = await newAdmin();
    const own = await admin.api.invitation.create({ email: freshEmail(), name: "Ada Lovelace" });
    const accepted = await (await t.caller(new CookieJar())).invitation.accept({ token: tokenOf(own.inviteUrl), password: STRONG_PASSWORD, name: "Countess Ada" });
    expect(accepted.user.name).toBe("Countess Ada");

    const given = await admin.api.invitation.create({ email: freshEmail(), name: "Grace Hopper" });
    const taken = await (await t.caller(new CookieJar())).invitation.accept({ token: tokenOf(given.inviteUrl), password: STRONG_PASSWORD });
    expect(taken.user.name).toBe("Grace Hopper");
  });
});

describe("invitation.createMany with names", () => {
  it("keeps each entry's name, its email's greeting and its audit; an empty name is none", async () => {
    const admin = await newAdmin();
    const [ada, grace, plain, blank] = [freshEmail(), freshEmail(), freshEmail(), freshEmail()];
    const { results } = await admin.api.invitation.createMany({
      people: [
        { email: ada, name: " Ada Lovelace " },
        { email: grace, name: "Lovelace, Ada" },
        { email: plain },
        { email: blank, name: "   " },
      ],
    });
    expect(results.map((result) => [result.outcome, result.invitation?.name])).toEqual([
      ["invited", "Ada Lovelace"],
      ["invited", "Lovelace, Ada"],
      ["invited", null],
      ["invited", null],
    ]);
    const byEmail = new Map(results.map((result) => [result.email, result.invitation!.id]));
    expect(await written(byEmail.get(ada)!)).toMatchObject({
      payload: { inviteeName: "Ada Lovelace" },
      audit: [{ email: ada, role: "MEMBER", name: "Ada Lovelace" }],
    });
    for (const email of [plain, blank]) {
      const { payload, audit } = await written(byEmail.get(email)!);
      expect(payload).not.toHaveProperty("inviteeName");
      expect(audit).toEqual([{ email, role: "MEMBER" }]);
    }
    expect(results[1]!.inviteUrl && (await preview(results[1]!.inviteUrl)).name).toBe("Lovelace, Ada");
  });

  it("renews as create does: a new name replaces, none keeps the old one (and the email greets by it)", async () => {
    const admin = await newAdmin();
    const [renamed, kept] = [freshEmail(), freshEmail()];
    await admin.api.invitation.create({ email: renamed, name: "Old Name" });
    await admin.api.invitation.create({ email: kept, name: "Kept Name" });
    const { results } = await admin.api.invitation.createMany({ people: [{ email: renamed, name: "New Name" }, { email: kept }] });
    expect(results.map((result) => [result.outcome, result.invitation?.name])).toEqual([
      ["renewed", "New Name"],
      ["renewed", "Kept Name"],
    ]);
    expect((await written(results[1]!.invitation!.id)).payload).toMatchObject({ inviteeName: "Kept Name" });
    expect((await written(results[1]!.invitation!.id)).audit.at(-1)).toEqual({ email: kept, role: "MEMBER", name: "Kept Name" });
  });

  it("refuses the whole list, writing nothing, when a name breaks the rules", async () => {
    const admin = await newAdmin();
    for (const name of ["x".repeat(101), "Ada\u0007", "\u202eAda"]) {
      const email = freshEmail();
      const answer = await failure(admin.api.invitation.createMany({ people: [{ email: freshEmail() }, { email, name }] }));
      expect(answer).toMatchObject({ code: "BAD_REQUEST" });
      expect(await t.prisma.invitation.count({ where: { email } })).toBe(0);
    }
  });
});

describe("the activity trail names the invitee", () => {
  it("says whom an invitation was for by name and address, and by address alone without a name", async () => {
    const admin = await newAdmin();
    const [ada, bob] = [freshEmail(), freshEmail()];
    const named = await admin.api.invitation.create({ email: ada, name: "Ada Lovelace", role: "ADMIN" });
    await admin.api.invitation.create({ email: ada });
    await admin.api.invitation.resend({ id: named.invitation.id });
    await admin.api.invitation.revoke({ id: named.invitation.id });
    await admin.api.invitation.createMany({ people: [{ email: bob }] });
    const { items } = await admin.api.activity.list({ actorId: admin.user.id, kind: "invitations", limit: 10 });
    expect(items.map((item) => item.summary)).toEqual([
      `invited ${bob} as Member`,
      `revoked the invitation to Ada Lovelace (${ada})`,
      `resent the invitation to Ada Lovelace (${ada})`,
      `sent Ada Lovelace (${ada}) a new invitation link`,
      `invited Ada Lovelace (${ada}) as Admin`,
    ]);
  });
});
