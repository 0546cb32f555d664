import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { listSignInMethods, unlinkProvider } from "../oauth/link.ts";
import { protectedProcedure } from "../trpc.ts";

/** Provider ids are ours ("github", "google", "oidc"); anything else is simply not linked. */
const providerInput = z.object({ provider: z.string().trim().min(1).max(32) });

export const accountRouter = {
  /** How the signed-in user can sign in: `{ password, linked: [{ provider, name, email, linkedAt }], available: [{ id, name }] }`. */
  signInMethods: protectedProcedure.query(({ ctx }) => listSignInMethods(ctx, ctx.user.id)),

  /** Refuses with LAST_SIGN_IN_METHOD when nothing usable would remain; NOT_FOUND when it is not linked. */
  unlinkProvider: protectedProcedure.input(providerInput).mutation(async ({ ctx, input }) => {
    await unlinkProvider(ctx, ctx.user.id, input.provider, ctx.request);
    return { ok: true as const, methods: await listSignInMethods(ctx, ctx.user.id) };
  }),
} satisfies TRPCRouterRecord;
