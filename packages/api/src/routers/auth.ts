import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { emailSchema, redirectSchema } from "@invite/schemas";
import { previewPasswordReset, requestPasswordReset, resetPassword } from "../auth/password-reset.ts";
import { invalidateSession } from "../auth/session.ts";
import { signInWithPassword } from "../auth/sign-in.ts";
import { setSessionCookie, signInMeta } from "../auth/sign-in-session.ts";
import { trustThisDevice } from "../auth/sign-in-attempts.ts";
import { AppError } from "../errors.ts";
import { consume } from "../rate-limits.ts";
import { protectedProcedure, publicProcedure } from "../trpc.ts";
import { toPublicUser } from "../users.ts";
import { signUpProcedures } from "./sign-up.ts";

/** Sign-in checks a password, it does not judge it: only bound it so hashing stays cheap. */
const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(1024, "Password is too long."),
  redirectTo: redirectSchema.optional(),
});

export const authRouter = {
  me: publicProcedure.query(({ ctx }) => (ctx.user ? toPublicUser(ctx.user) : null)),

  providers: publicProcedure.query(({ ctx }) => ctx.config.providers),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const { user } = await signInWithPassword(ctx, input);
    return { user: toPublicUser(user), redirectTo: input.redirectTo ?? "/" };
  }),

  ...signUpProcedures,

  /**
   * Always the same answer, whether or not the email has an account, and given before the
   * link is made, so that neither its words nor its timing tell the two apart.
   */
  requestPasswordReset: publicProcedure.input(z.object({ email: emailSchema })).mutation(async ({ ctx, input }) => {
    await consume(ctx.limits.signInPerIp, ctx.request.ip ?? "unknown");
    await consume(ctx.limits.passwordResetsPerEmail, input.email);
    ctx.background.run("password reset link", () => requestPasswordReset(ctx, input.email, ctx.request.ip));
    return { ok: true as const };
  }),

  /** What the reset page shows at once (pending, used, expired); consumes nothing. */
  resetPasswordPreview: publicProcedure
    .input(z.object({ token: z.string().max(256).catch("") }))
    .query(({ ctx, input }) => previewPasswordReset(ctx, input.token)),

  /** Sets a new password from a reset link, ends every session of the account and signs in. */
  resetPassword: publicProcedure
    .input(z.object({ token: z.string().min(1).max(256), password: z.string().max(2048, "Password is too long.") }))
    .mutation(async ({ ctx, input }) => {
      await consume(ctx.limits.signInPerIp, ctx.request.ip ?? "unknown");
      const { user, session } = await resetPassword(ctx, input.token, input.password, signInMeta(ctx));
      setSessionCookie(ctx.cookie, session);
      // Proving the mailbox is enough: an owner locked out of unknown browsers gets in this way.
      trustThisDevice(ctx, user.email);
      return { user: toPublicUser(user), redirectTo: "/" };
    }),

  signOut: protectedProcedure.mutation(async ({ ctx }) => {
    await invalidateSession(ctx.db.prisma, ctx.sessionId);
    ctx.cookie.clear();
    return { ok: true as const };
  }),

  sessions: protectedProcedure.query(async ({ ctx }) => {
    const sessions = await ctx.db.prisma.session.findMany({
      where: { userId: ctx.user.id, expiresAt: { gt: ctx.clock.now() } },
      orderBy: { lastSeenAt: "desc" },
      select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true, ip: true },
    });
    return sessions.map((session) => ({ ...session, current: session.id === ctx.sessionId }));
  }),

  revokeSession: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      const { count } = await ctx.db.prisma.session.deleteMany({ where: { id: input.id, userId: ctx.user.id } });
      if (count === 0) throw new AppError("NOT_FOUND", "That session has already ended.");
      if (input.id === ctx.sessionId) ctx.cookie.clear();
      return { ok: true as const };
    }),
} satisfies TRPCRouterRecord;
