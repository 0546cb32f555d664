import type { TRPCRouterRecord } from "@trpc/server";
import { publicProcedure } from "../trpc.ts";

/** `health`: whether the database answers, which kind it is, and the running version. */
export interface Health {
  ok: boolean;
  database: "embedded" | "postgres";
  version: string;
}

export const healthRouter = {
  health: publicProcedure.query(async ({ ctx }): Promise<Health> => ({
    ok: await ctx.db.ping(),
    database: ctx.db.kind,
    version: ctx.config.version,
  })),
} satisfies TRPCRouterRecord;
