import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../src/auth/tokens.ts";
import { createInvitation } from "../src/invitations/service.ts";
import { SUPERSEDED } from "../src/invitations/shared.ts";
import { setupApi, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

/*
 * invitation.create is one SQL statement (the function `invitation_create`): what it must keep
 * from the transaction it replaced, under concurrency and at its limits.
 */

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

let counter = 0;
const freshEmail = () => `create-${++counter}@example.com`;
const newAdmin = () => t.signedIn(`create-admin-${++counter}@example.com`, "ADMIN");
type Admin = Awaited<ReturnType<typeof newAdmin>>;
const limited = { code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" };

describe("invitation.create, one statement", () => {
  // Through the API the recipient's bucket row already queues them; the CLI's path spends no
  // limit, so there only the email's advisory lock does.
  it.each([
    ["the API", async (admin: Admin, email: string) => {
      const { invitation, refreshed } = await admin.api.invitation.create({ email });
      return { id: invitation.id, refreshed };
    }],
    ["the CLI's path", async (admin: Admin, email: string) => {
      const { row, refreshed } = await createInvitation(t.services, { user: admin.user, ip: null }, { email, role: "MEMBER" });
      return { id: row.id, refreshed };
    }],
  ])("creates of one email at the same moment through %s make one invitation, renewed by each after the first", async (_, create) => {
    const admins = await Promise.all([newAdmin(), newAdmin(), newAdmin()]);
    for (let round = 0; round < 5; round++) {
      const email = freshEmail();
      const answers = await Promise.all(admins.map((admin) => create(admin, email)));
      const invitations = await t.prisma.invitation.findMany({ where: { email } });
      expect(invitations, `round ${round}`).toHaveLength(1);
      expect(invitations[0]!.sendCount).toBe(3);
      expect(answers.filter((answer) => !answer.refreshed)).toHaveLength(1);
      expect(new Set(answers.map((answer) => answer.id))).toEqual(new Set([invitations[0]!.id]));
      // Only the email with the link that works waits; the two before it were superseded.
      const emails = await t.prisma.emailMessage.findMany({ where: { invitationId: invitations[0]!.id }, orderBy: { status: "asc" } });
      expect(emails.map((e) => [e.status, e.lastError, e.sealedSecret === null])).toEqual([
        ["QUEUED", null, false],
        ["FAILED", SUPERSEDED, true],
        ["FAILED", SUPERSEDED, true],
      ]);
      const link = t.services.sealer.unseal(emails[0]!.sealedSecret!);
      expect(Buffer.from(hashToken(link))).toEqual(Buffer.from(invitations[0]!.tokenHash!));
      const audit = await t.prisma.auditEvent.findMany({ where: { targetId: invitations[0]!.id }, select: { action: true } });
      expect(audit.map((a) => a.action).sort()).toEqual(["invitation.create", "invitation.refresh", "invitation.refresh"]);
    }
  });

  it("writes what Prisma's transaction wrote: the email's payload, the audit event, the timestamps", async () => {
    const admin = await newAdmin();
    const email = freshEmail();
    const { invitation } = await admin.api.invitation.create({ email, role: "ADMIN", message: "  Hi there  ", expiresInHours: 5 });
    const row = await t.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id }, include: { emails: true } });
    const now = t.clock.now();
    expect(row).toMatchObject({ role: "ADMIN", message: "Hi there", lifetimeHours: 5, sendCount: 1, invitedById: admin.user.id });
    expect(row.createdAt).toEqual(now);
    expect(row.expiresAt).toEqual(new Date(now.getTime() + 5 * 3_600_000));
    expect(row.emails[0]!.payload).toEqual({
      inviterName: admin.user.name,
      inviterEmail: admin.user.email,
      role: "ADMIN",
      message: "Hi there",
      expiresAt: row.expiresAt.toISOString(),
      appUrl: "https://app.example.com",
    });
    expect(row.emails[0]).toMatchObject({ to: email, template: "invitation", status: "QUEUED", attempts: 0, nextAttemptAt: now, createdAt: now });
    const [audit] = await t.prisma.auditEvent.findMany({ where: { targetId: invitation.id } });
    expect(audit).toMatchObject({
      actorId: admin.user.id,
      action: "invitation.create",
      targetType: "invitation",
      ip: "203.0.113.7",
      data: { email, role: "ADMIN" },
      createdAt: now,
    });
  });

  it("a sixth email to one recipient within the hour is refused with the library's wait, and the fifth link still works", async () => {
    const admin = await newAdmin();
    const email = freshEmail();
    let last = "";
    for (let i = 0; i < 5; i++) last = (await admin.api.invitation.create({ email })).inviteUrl;
    const refused = await failure(admin.api.invitation.create({ email }));
    expect(refused).toMatchObject({ ...limited, message: expect.stringMatching(/^Too many attempts\. Try again in (60|59) minutes\.$/) });
    expect(refused.details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    const token = last.split("/invite/")[1]!;
    expect((await (await t.caller()).invitation.preview({ token })).status).toBe("PENDING");
    expect(await t.prisma.invitation.findFirstOrThrow({ where: { email } })).toMatchObject({ sendCount: 5 });
    // The bucket is the library's: its limiter reads the six spent.
    expect((await t.services.limits.invitesPerRecipient.get(email))?.consumedPoints).toBe(6);
  });

  it("an admin past the allowance is refused in words, and the recipient's limit is not spent", async () => {
    const admin = await newAdmin();
    await t.services.limits.invitesPerAdmin.penalty(admin.user.id, 500);
    const email = freshEmail();
    const refused = await failure(admin.api.invitation.create({ email }));
    expect(refused).toMatchObject({ ...limited, message: expect.stringMatching(/^You've sent the 500 invitations an hour each admin may send\. Try again in/) });
    expect(refused.details).toMatchObject({ remaining: 0, allowance: 500, requested: 1, retryAfterSeconds: expect.any(Number) });
    expect(await t.services.limits.invitesPerRecipient.get(email)).toBeNull();
    expect(await t.prisma.invitation.count({ where: { email } })).toBe(0);
  });

  it("an existing account is refused with ALREADY_MEMBER after the limits are spent, as before", async () => {
    const admin = await newAdmin();
    const member = await t.createUser(freshEmail());
    expect(await failure(admin.api.invitation.create({ email: member.email }))).toMatchObject({
      reason: "ALREADY_MEMBER",
      message: `${member.email} already has an account.`,
    });
    expect((await t.services.limits.invitesPerRecipient.get(member.email))?.consumedPoints).toBe(1);
    expect((await t.services.limits.invitesPerAdmin.get(admin.user.id))?.consumedPoints).toBe(1);
    expect(await t.prisma.invitation.count({ where: { email: member.email } })).toBe(0);
  });
});
