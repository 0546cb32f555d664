import type { TRPCRouterRecord } from "@trpc/server";
import { settingsInput } from "@invite/schemas";
import { recordAudit } from "../audit.ts";
import { retimeReminders } from "../invitations/reminders.ts";
import { checkRedirectUrl } from "../redirects.ts";
import { getSettings, type AppSettings } from "../settings.ts";
import { adminProcedure, publicProcedure } from "../trpc.ts";

const view = (s: AppSettings) => ({
  registration: s.registration,
  defaultInviteHours: s.defaultInviteHours,
  invitesPerAdminPerHour: s.invitesPerAdminPerHour,
  signUpDomains: s.signUpDomains,
  workspaceName: s.workspaceName,
  accentColor: s.accentColor,
  reminderHoursBeforeExpiry: s.reminderHoursBeforeExpiry,
  defaultRedirectUrl: s.defaultRedirectUrl,
});

export const settingsRouter = {
  /**
   * What the sign-in and sign-up pages may know: whether public sign-up is open, and to which
   * email domains (the page says "use your @example.com address" rather than refuse a guess).
   */
  public: publicProcedure.query(async ({ ctx }) => {
    const { registration, signUpDomains } = await getSettings(ctx.db.prisma);
    return { registration, signUpDomains: registration === "OPEN" ? signUpDomains : [] };
  }),

  get: adminProcedure.query(async ({ ctx }) => view(await getSettings(ctx.db.prisma))),

  update: adminProcedure.input(settingsInput).mutation(async ({ ctx, input: given }) => {
    const { defaultRedirectUrl, ...rest } = given;
    // Left out: unchanged; null or "": cleared; otherwise checked like an invitation's (REDIRECT_NOT_ALLOWED).
    const input = defaultRedirectUrl === undefined ? rest : { ...rest, defaultRedirectUrl: checkRedirectUrl(ctx.config, defaultRedirectUrl) };
    const now = ctx.clock.now();
    const saved = await ctx.db.prisma.$transaction(async (tx) => {
      // A field left out keeps its value (Prisma skips undefined).
      const before = input.reminderHoursBeforeExpiry === undefined ? null : await getSettings(tx);
      const settings = await tx.settings.upsert({ where: { id: 1 }, create: { id: 1, ...input }, update: input });
      await recordAudit(tx, { actorId: ctx.user.id, action: "settings.update", targetType: "settings", ip: ctx.request.ip, data: input }, now);
      // Queued reminders follow a new lead time (invitations/reminders.ts).
      if (before && before.reminderHoursBeforeExpiry !== settings.reminderHoursBeforeExpiry) {
        await retimeReminders(tx, settings.reminderHoursBeforeExpiry, now);
      }
      return settings;
    });
    return view(saved);
  }),
} satisfies TRPCRouterRecord;
