import type { TRPCRouterRecord } from "@trpc/server";
import { completeSignUpInput, signUpInput, signUpPreviewInput } from "@invite/schemas";
import { setSessionCookie, signInMeta } from "../auth/sign-in-session.ts";
import { trustThisDevice } from "../auth/sign-in-attempts.ts";
import { completeSignUpWithPassword } from "../sign-up/complete.ts";
import { previewSignUp } from "../sign-up/proof.ts";
import { startSignUp } from "../sign-up/request.ts";
import { publicProcedure } from "../trpc.ts";
import { toPublicUser } from "../users.ts";

/**
 * Open sign-up, which proves the email before anything exists (SECURITY 34): `auth.signUp`
 * emails a single-use link, `auth.signUpPreview` says what the link is without spending it,
 * and `auth.completeSignUp` spends it on a name and a password. Part of the `auth` router.
 */
export const signUpProcedures = {
  /** Always `{ ok: true }` for an allowed email, whether or not it has an account (sign-up/request.ts). */
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    await startSignUp(ctx, input.email, ctx.request.ip);
    return { ok: true as const };
  }),

  signUpPreview: publicProcedure.input(signUpPreviewInput).query(({ ctx, input }) => previewSignUp(ctx, input.token)),

  completeSignUp: publicProcedure.input(completeSignUpInput).mutation(async ({ ctx, input }) => {
    const { user, session, redirectTo } = await completeSignUpWithPassword(ctx, input, signInMeta(ctx));
    setSessionCookie(ctx.cookie, session);
    // Proving the mailbox and choosing the password: this browser is the owner's.
    trustThisDevice(ctx, user.email);
    return { user: toPublicUser({ ...user, accounts: [] }), redirectTo };
  }),
} satisfies TRPCRouterRecord;
