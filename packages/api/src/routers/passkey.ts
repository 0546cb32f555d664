import type { TRPCRouterRecord } from "@trpc/server";
import {
  passkeyAcceptInput,
  passkeyAcceptOptionsInput,
  passkeyCompleteSignUpInput,
  passkeyIdInput,
  passkeyRegisterInput,
  passkeyRenameInput,
  passkeySignInInput,
  passkeySignUpOptionsInput,
} from "@invite/schemas";
import { trustThisDevice } from "../auth/sign-in-attempts.ts";
import { setSessionCookie, signInMeta } from "../auth/sign-in-session.ts";
import { acceptWithPasskey, passkeyAcceptOptions } from "../passkeys/accept.ts";
import { listPasskeys, removePasskey, renamePasskey } from "../passkeys/manage.ts";
import { limitChallenges, requestOptions } from "../passkeys/options.ts";
import { registerPasskey, registrationOptions } from "../passkeys/register.ts";
import { signInWithPasskey } from "../passkeys/sign-in.ts";
import { completeSignUpWithPasskey, passkeySignUpOptions } from "../passkeys/sign-up.ts";
import { protectedProcedure, publicProcedure } from "../trpc.ts";
import { toPublicUser } from "../users.ts";

/*
 * Passkeys (WebAuthn): each ceremony is an options call, whose `attemptId` and `options` go to
 * the browser (@simplewebauthn/browser's startRegistration / startAuthentication), and a call
 * with the authenticator's answer and that `attemptId`. Challenges live 5 minutes, once.
 */
export const passkeyRouter = {
  /** Options to add a passkey to the signed-in account. */
  registrationOptions: protectedProcedure.mutation(({ ctx }) => registrationOptions(ctx)),

  /** Adds the passkey; the account's other sessions end. Answers the account's passkeys. */
  register: protectedProcedure.input(passkeyRegisterInput).mutation(({ ctx, input }) => registerPasskey(ctx, input)),

  /** Options to accept an invitation with a new passkey for the invited email. */
  acceptOptions: publicProcedure
    .input(passkeyAcceptOptionsInput)
    .mutation(({ ctx, input }) => passkeyAcceptOptions(ctx, input.invitation, ctx.request.ip)),

  /** Accepts the invitation with the passkey, atomically as `invitation.accept`; signs in. */
  accept: publicProcedure.input(passkeyAcceptInput).mutation(async ({ ctx, input }) => {
    const { user, session } = await acceptWithPasskey(ctx, input, signInMeta(ctx));
    setSessionCookie(ctx.cookie, session);
    return { user: toPublicUser({ ...user, accounts: [] }), redirectTo: "/" };
  }),

  /** Options for a passkey on a sign-up link (open sign-up, or a shareable link's emailed proof). */
  signUpOptions: publicProcedure
    .input(passkeySignUpOptionsInput)
    .mutation(({ ctx, input }) => passkeySignUpOptions(ctx, input.token, ctx.request.ip)),

  /** Completes the sign-up with the passkey, as `auth.completeSignUp` does with a password; signs in. */
  completeSignUp: publicProcedure.input(passkeyCompleteSignUpInput).mutation(async ({ ctx, input }) => {
    const { user, session } = await completeSignUpWithPasskey(ctx, input, signInMeta(ctx));
    setSessionCookie(ctx.cookie, session);
    // Proving the mailbox and making the passkey: this browser is the owner's.
    trustThisDevice(ctx, user.email);
    return { user: toPublicUser({ ...user, accounts: [] }), redirectTo: "/" };
  }),

  /** Options to sign in with any discoverable passkey (also for the browser's autofill). */
  signInOptions: publicProcedure.mutation(async ({ ctx }) => {
    await limitChallenges(ctx, ctx.request.ip);
    return requestOptions(ctx, ctx.clock.now());
  }),

  /** Signs in with the passkey's answer; a new session, as a password sign-in makes. */
  signIn: publicProcedure.input(passkeySignInInput).mutation(async ({ ctx, input }) => {
    const { user } = await signInWithPasskey(ctx, input);
    return { user: toPublicUser(user), redirectTo: "/" };
  }),

  /** The account's passkeys: `{ id, name, createdAt, lastUsedAt, synced, deviceBound }[]`. */
  list: protectedProcedure.query(({ ctx }) => listPasskeys(ctx, ctx.user.id)),

  rename: protectedProcedure
    .input(passkeyRenameInput)
    .mutation(({ ctx, input }) => renamePasskey(ctx, ctx.user.id, input.id, input.name, ctx.request.ip)),

  /** Refused with LAST_SIGN_IN_METHOD when nothing usable would remain. */
  remove: protectedProcedure
    .input(passkeyIdInput)
    .mutation(({ ctx, input }) => removePasskey(ctx, ctx.user.id, input.id, ctx.request.ip)),
} satisfies TRPCRouterRecord;
