import type { TRPCRouterRecord } from "@trpc/server";
import { createInviteLinkInput, inviteLinkIdInput, inviteLinkTokenInput, joinInviteLinkInput, listInviteLinksInput } from "@invite/schemas";
import { createInviteLink } from "../invite-links/create.ts";
import { requestJoin } from "../invite-links/join.ts";
import { listInviteLinks } from "../invite-links/list.ts";
import { previewInviteLink } from "../invite-links/preview.ts";
import { revokeInviteLink } from "../invite-links/revoke.ts";
import { adminProcedure, publicProcedure } from "../trpc.ts";

/**
 * Shareable invitation links (SECURITY 35, 36): admins make, list and revoke them; anyone with
 * one previews it (spending nothing) and joins by proving an email, which `auth.completeSignUp`
 * or a provider (`/auth/:provider/start?join=<token>`) turns into a member of the link's role.
 */
export const inviteLinkRouter = {
  create: adminProcedure
    .input(createInviteLinkInput)
    .mutation(({ ctx, input }) => createInviteLink(ctx, { user: ctx.user, ip: ctx.request.ip }, input)),

  list: adminProcedure.input(listInviteLinksInput).query(({ ctx, input }) => listInviteLinks(ctx, input)),

  revoke: adminProcedure
    .input(inviteLinkIdInput)
    .mutation(({ ctx, input }) => revokeInviteLink(ctx, { user: ctx.user, ip: ctx.request.ip }, input.id)),

  preview: publicProcedure.input(inviteLinkTokenInput).query(({ ctx, input }) => previewInviteLink(ctx, input.token)),

  join: publicProcedure.input(joinInviteLinkInput).mutation(({ ctx, input }) => requestJoin(ctx, input.token, input.email, ctx.request.ip)),
} satisfies TRPCRouterRecord;
