import type { TRPCRouterRecord } from "@trpc/server";
import { analyticsSummaryInput } from "@invite/schemas";
import { analyticsSummary } from "../analytics/summary.ts";
import { adminProcedure } from "../trpc.ts";

/** Acceptance analytics for admins (issue 15): how the invitations sent in a period fared. */
export const analyticsRouter = {
  summary: adminProcedure.input(analyticsSummaryInput).query(({ ctx, input }) => analyticsSummary(ctx, input)),
} satisfies TRPCRouterRecord;
