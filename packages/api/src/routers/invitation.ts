import type { TRPCRouterRecord } from "@trpc/server";
import {
  acceptInvitationInput,
  checkEmailsInput,
  createInvitationInput,
  createManyInvitationsInput,
  invitationIdInput,
  invitationTokenSchema,
  listInvitationsInput,
  setReminderInput,
} from "@invite/schemas";
import { z } from "zod";
import { setSessionCookie, signInMeta } from "../auth/sign-in-session.ts";
import { getBranding } from "../branding/read.ts";
import {
  acceptWithPassword,
  createManyInvitations,
  getInvitation,
  inviteOne,
  inviteUrl,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
} from "../invitations/service.ts";
import { checkEmails } from "../invitations/check-emails.ts";
import { listInvitations } from "../invitations/list.ts";
import { setInvitationReminder } from "../invitations/reminders.ts";
import { toInvitationView } from "../invitations/view.ts";
import { adminProcedure, publicProcedure } from "../trpc.ts";
import { toPublicUser } from "../users.ts";

// Each operation spends its own rate limits (invitations/limits.ts); the procedures stay thin.
export const invitationRouter = {
  create: adminProcedure.input(createInvitationInput).mutation(async ({ ctx, input }) => {
    const { row, token, refreshed } = await inviteOne(ctx, { user: ctx.user, ip: ctx.request.ip }, input);
    return { invitation: toInvitationView(row, ctx.clock.now()), inviteUrl: inviteUrl(ctx.config.appUrl, token), refreshed };
  }),

  createMany: adminProcedure
    .input(createManyInvitationsInput)
    .mutation(({ ctx, input }) => createManyInvitations(ctx, { user: ctx.user, ip: ctx.request.ip }, input)),

  // Changes nothing, but a mutation: a list of 10,000 is a POST body (the larger limit createMany
  // has, app.ts), never a URL.
  checkEmails: adminProcedure.input(checkEmailsInput).mutation(({ ctx, input }) => checkEmails(ctx, input)),

  list: adminProcedure.input(listInvitationsInput).query(({ ctx, input }) => listInvitations(ctx, input)),

  get: adminProcedure
    .input(invitationIdInput)
    .query(async ({ ctx, input }) => toInvitationView(await getInvitation(ctx, input.id), ctx.clock.now())),

  resend: adminProcedure.input(invitationIdInput).mutation(async ({ ctx, input }) => {
    const { row, token } = await resendInvitation(ctx, { user: ctx.user, ip: ctx.request.ip }, input.id);
    return { invitation: toInvitationView(row, ctx.clock.now()), inviteUrl: inviteUrl(ctx.config.appUrl, token) };
  }),

  revoke: adminProcedure
    .input(invitationIdInput)
    .mutation(async ({ ctx, input }) =>
      toInvitationView(await revokeInvitation(ctx, { user: ctx.user, ip: ctx.request.ip }, input.id), ctx.clock.now()),
    ),

  /** Turns this invitation's reminder email off, or back on (invitations/reminders.ts). */
  setReminder: adminProcedure.input(setReminderInput).mutation(async ({ ctx, input }) => {
    const row = await setInvitationReminder(ctx, { user: ctx.user, ip: ctx.request.ip }, input.id, input.enabled);
    return toInvitationView(row, ctx.clock.now());
  }),

  preview: publicProcedure
    .input(z.object({ token: invitationTokenSchema }))
    .query(async ({ ctx, input }) => {
      // The accept page's branding rides along: no second round trip before it can show.
      const [preview, branding] = await Promise.all([previewInvitation(ctx, input.token), getBranding(ctx.db.prisma)]);
      return { ...preview, branding };
    }),

  accept: publicProcedure.input(acceptInvitationInput).mutation(async ({ ctx, input }) => {
    const { user, session, redirectTo } = await acceptWithPassword(ctx, input, signInMeta(ctx));
    setSessionCookie(ctx.cookie, session);
    return { user: toPublicUser({ ...user, accounts: [] }), redirectTo };
  }),
} satisfies TRPCRouterRecord;
