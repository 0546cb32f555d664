import type { TRPCRouterRecord } from "@trpc/server";
import { publicProcedure } from "../trpc.ts";

export const healthRouter = {
  health: publicProcedure.query(async ({ ctx }) => ({
    ok: await ctx.db.ping(),
    database: ctx.db.kind,
    version: ctx.config.version,
  })),
} satisfies TRPCRouterRecord;
