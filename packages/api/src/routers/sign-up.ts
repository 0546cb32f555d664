import type { TRPCRouterRecord } from "@trpc/server";
import { completeSignUpInput, signUpInput, signUpPreviewInput } from "@invite/schemas";
import { setSessionCookie, signInMeta } from "../auth/sign-in-session.ts";
import { trustThisDevice } from "../auth/sign-in-attempts.ts";
import { AppError } from "../errors.ts";
import { consume } from "../rate-limits.ts";
import { getSettings } from "../settings.ts";
import { completeSignUpWithPassword } from "../sign-up/complete.ts";
import { remindOfInvitation } from "../sign-up/invitation-reminder.ts";
import { assertSignUpAllowed, previewSignUp } from "../sign-up/proof.ts";
import { requestSignUp } from "../sign-up/request.ts";
import { publicProcedure } from "../trpc.ts";
import { toPublicUser } from "../users.ts";

/**
 * Open sign-up, which proves the email before anything exists (SECURITY 34): `auth.signUp`
 * emails a single-use link, `auth.signUpPreview` says what the link is without spending it,
 * and `auth.completeSignUp` spends it on a name and a password. Part of the `auth` router.
 */
export const signUpProcedures = {
  /**
   * Always `{ ok: true }` for an allowed email, given before any work that depends on the
   * email's account, so neither the answer nor its timing tells a stranger whether the email
   * has an account or an invitation (sign-up/request.ts does the rest afterwards).
   */
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    assertSignUpAllowed(await getSettings(ctx.db.prisma), input.email);
    await consume(ctx.limits.signUpsPerIp, ctx.request.ip ?? "unknown");
    await consume(ctx.limits.signUpsPerEmail, input.email);
    ctx.background.run("sign-up link", () => requestSignUp(ctx, input.email, ctx.request.ip));
    return { ok: true as const };
  }),

  signUpPreview: publicProcedure.input(signUpPreviewInput).query(({ ctx, input }) => previewSignUp(ctx, input.token)),

  completeSignUp: publicProcedure.input(completeSignUpInput).mutation(async ({ ctx, input }) => {
    await consume(ctx.limits.signInPerIp, ctx.request.ip ?? "unknown");
    try {
      const { user, session } = await completeSignUpWithPassword(ctx, input, signInMeta(ctx));
      setSessionCookie(ctx.cookie, session);
      // Proving the mailbox and choosing the password: this browser is the owner's.
      trustThisDevice(ctx, user.email);
      return { user: toPublicUser({ ...user, accounts: [] }), redirectTo: "/" };
    } catch (error) {
      // An invitation was made for this email after the link was sent: it, not sign-up, lets them in.
      if (error instanceof AppError && error.reason === "INVITATION_PENDING") {
        const preview = await previewSignUp(ctx, input.token);
        ctx.background.run("invitation reminder", () => remindOfInvitation(ctx, preview.email, ctx.request.ip));
      }
      throw error;
    }
  }),
} satisfies TRPCRouterRecord;
