import type { TRPCRouterRecord } from "@trpc/server";
import { getBranding } from "../branding/read.ts";
import { publicProcedure } from "../trpc.ts";

export const brandingRouter = {
  /**
   * Whose product this is, for every page before anyone signs in: the header, sign-in and
   * sign-up. (The accept page gets the same from `invitation.preview`, saving a round trip.)
   * The logo itself is uploaded and served over plain HTTP (apps/server/src/http/branding.ts).
   */
  get: publicProcedure.query(({ ctx }) => getBranding(ctx.db.prisma)),
} satisfies TRPCRouterRecord;
