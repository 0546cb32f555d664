import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { nameSchema } from "@invite/schemas";
import { joinedStory } from "../account/joined.ts";
import { recordAudit } from "../audit.ts";
import { assertStrongPassword, hashPassword, verifyPassword } from "../auth/password.ts";
import { invalidateUserSessions } from "../auth/session.ts";
import { signInSucceeded, spendSignInAttempt } from "../auth/sign-in-attempts.ts";
import { AppError } from "../errors.ts";
import { listSignInMethods, unlinkProvider } from "../oauth/link.ts";
import { protectedProcedure } from "../trpc.ts";

/** Provider ids are ours ("github", "google", "oidc"); anything else is simply not linked. */
const providerInput = z.object({ provider: z.string().trim().min(1).max(32) });

export const accountRouter = {
  /** For the member's home page: how they came in (an invitation or a shareable link), from whom, and when. */
  joined: protectedProcedure.query(({ ctx }) => joinedStory(ctx, ctx.user)),

  /** The name other people see (invitations they send, the members and activity pages). */
  rename: protectedProcedure.input(z.object({ name: nameSchema })).mutation(async ({ ctx, input }) => {
    const now = ctx.clock.now();
    if (input.name !== ctx.user.name) {
      await ctx.db.prisma.$transaction(async (tx) => {
        await tx.user.updateMany({ where: { id: ctx.user.id }, data: { name: input.name } });
        const audit = { actorId: ctx.user.id, action: "account.rename", targetType: "user", targetId: ctx.user.id, ip: ctx.request.ip };
        await recordAudit(tx, { ...audit, data: { from: ctx.user.name, to: input.name } }, now);
      });
    }
    return { name: input.name };
  }),

  /** How the signed-in user can sign in: `{ password, linked: [{ provider, name, email, linkedAt }], available: [{ id, name }] }`. */
  signInMethods: protectedProcedure.query(({ ctx }) => listSignInMethods(ctx, ctx.user.id)),

  /** Refuses with LAST_SIGN_IN_METHOD when nothing usable would remain; NOT_FOUND when it is not linked. */
  unlinkProvider: protectedProcedure.input(providerInput).mutation(async ({ ctx, input }) => {
    await unlinkProvider(ctx, ctx.user.id, input.provider, ctx.request);
    return { ok: true as const, methods: await listSignInMethods(ctx, ctx.user.id) };
  }),

  /**
   * A new password, given the current one; every other session of the account ends
   * (SECURITY 17). The current one again is SAME_PASSWORD, and nothing changes. Guesses at the current password count as sign-in tries from this browser,
   * whose session stands in for a device cookie: strangers' tries at the email don't block it.
   */
  changePassword: protectedProcedure
    .input(
      z.object({
        currentPassword: z.string().min(1, "Enter your current password.").max(1024, "Password is too long."),
        newPassword: z.string().max(2048, "Password is too long."),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { user } = ctx;
      const attempt = await spendSignInAttempt(ctx, user.email, ctx.sessionId);
      if (!user.passwordHash) {
        throw new AppError("FORBIDDEN", "This account has no password yet. Use “Forgot password?” on the sign-in page to set one.");
      }
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw new AppError("INVALID_CREDENTIALS", "That isn't your current password.");
      }
      // The same password changes nothing, yet would sign every other device out: refuse it.
      if (input.newPassword === input.currentPassword) throw new AppError("SAME_PASSWORD");
      await assertStrongPassword(input.newPassword, [user.email, user.name]);
      const passwordHash = await hashPassword(input.newPassword);
      const now = ctx.clock.now();
      await ctx.db.prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
        await invalidateUserSessions(tx, user.id, ctx.sessionId);
        await recordAudit(tx, { actorId: user.id, action: "account.change_password", targetType: "user", targetId: user.id, ip: ctx.request.ip }, now);
      });
      await signInSucceeded(ctx, user.email, attempt);
      return { ok: true as const };
    }),
} satisfies TRPCRouterRecord;
