import type { TRPCRouterRecord } from "@trpc/server";
import { listActivityInput } from "@invite/schemas";
import { listActivity } from "../activity/list.ts";
import { adminProcedure } from "../trpc.ts";

/** The audit trail for admins: who did what, when, from where. */
export const activityRouter = {
  list: adminProcedure.input(listActivityInput).query(({ ctx, input }) => listActivity(ctx, input)),
} satisfies TRPCRouterRecord;
