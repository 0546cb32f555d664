import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { emailSchema, nameSchema } from "@invite/schemas";
import { adminExists, createFirstAdminWithToken, previewSetupToken } from "../auth/first-admin.ts";
import { rotateSession, setSessionCookie, signInMeta } from "../auth/sign-in-session.ts";
import { consume } from "../rate-limits.ts";
import { publicProcedure } from "../trpc.ts";
import { toPublicUser } from "../users.ts";

export const setupRouter = {
  /** Whether the install still needs its first admin (the setup page asks before showing a form). */
  status: publicProcedure.query(async ({ ctx }) => ({ needsAdmin: !(await adminExists(ctx.db.prisma)) })),

  /** What the setup page shows at once for its link (pending, used, expired); consumes nothing. */
  preview: publicProcedure
    .input(z.object({ token: z.string().max(256).catch("") }))
    .query(({ ctx, input }) => previewSetupToken(ctx.db.prisma, input.token, ctx.clock.now())),

  createAdmin: publicProcedure
    .input(
      z.object({
        token: z.string().min(1).max(256),
        email: emailSchema,
        name: nameSchema,
        // Strength is judged by the domain, which answers WEAK_PASSWORD with the reason.
        password: z.string().max(2048, "Password is too long."),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { prisma } = ctx.db;
      await consume(ctx.limits.signInPerIp, ctx.request.ip ?? "unknown");
      const now = ctx.clock.now();
      const user = await createFirstAdminWithToken(prisma, input.token, input, now);
      setSessionCookie(ctx.cookie, await rotateSession(prisma, user.id, now, signInMeta(ctx)));
      return { user: toPublicUser({ ...user, accounts: [] }) };
    }),
} satisfies TRPCRouterRecord;
