import type { TRPCRouterRecord } from "@trpc/server";
import { listMembersInput, memberIdInput, setMemberRoleInput } from "@invite/schemas";
import { listMembers, reactivateMember, removeMember, setMemberRole, suspendMember } from "../members/service.ts";
import { adminProcedure } from "../trpc.ts";

/** Who has an account: admins list them, change their role, suspend and remove them (never themselves). */
export const memberRouter = {
  list: adminProcedure.input(listMembersInput).query(({ ctx, input }) => listMembers(ctx, input)),

  setRole: adminProcedure
    .input(setMemberRoleInput)
    .mutation(({ ctx, input }) => setMemberRole(ctx, { user: ctx.user, ip: ctx.request.ip }, input.id, input.role)),

  remove: adminProcedure
    .input(memberIdInput)
    .mutation(({ ctx, input }) => removeMember(ctx, { user: ctx.user, ip: ctx.request.ip }, input.id)),

  suspend: adminProcedure
    .input(memberIdInput)
    .mutation(({ ctx, input }) => suspendMember(ctx, { user: ctx.user, ip: ctx.request.ip }, input.id)),

  reactivate: adminProcedure
    .input(memberIdInput)
    .mutation(({ ctx, input }) => reactivateMember(ctx, { user: ctx.user, ip: ctx.request.ip }, input.id)),
} satisfies TRPCRouterRecord;
