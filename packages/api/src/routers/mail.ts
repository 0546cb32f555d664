import type { TRPCRouterRecord } from "@trpc/server";
import { AppError } from "../errors.ts";
import { adminProcedure } from "../trpc.ts";

export const mailRouter = {
  /** How email leaves this server: over SMTP, or into the dev mailbox (SMTP_URL unset). */
  status: adminProcedure.query(({ ctx }) => ({ delivery: ctx.devMailbox ? ("devMailbox" as const) : ("smtp" as const) })),

  /** The dev mailbox: what would have been emailed, while SMTP is not configured. */
  devMailbox: adminProcedure.query(({ ctx }) => {
    if (!ctx.devMailbox) throw new AppError("NOT_FOUND", "Email is sent over SMTP here; there is no dev mailbox.");
    return ctx.devMailbox.list();
  }),
} satisfies TRPCRouterRecord;
