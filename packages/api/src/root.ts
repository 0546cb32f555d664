import { accountRouter } from "./routers/account.ts";
import { activityRouter } from "./routers/activity.ts";
import { analyticsRouter } from "./routers/analytics.ts";
import { authRouter } from "./routers/auth.ts";
import { brandingRouter } from "./routers/branding.ts";
import { healthRouter } from "./routers/health.ts";
import { invitationRouter } from "./routers/invitation.ts";
import { inviteLinkRouter } from "./routers/invite-link.ts";
import { mailRouter } from "./routers/mail.ts";
import { memberRouter } from "./routers/member.ts";
import { passkeyRouter } from "./routers/passkey.ts";
import { settingsRouter } from "./routers/settings.ts";
import { setupRouter } from "./routers/setup.ts";
import { webhookRouter } from "./routers/webhook.ts";
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  ...healthRouter,
  auth: authRouter,
  account: accountRouter,
  setup: setupRouter,
  invitation: invitationRouter,
  inviteLink: inviteLinkRouter,
  member: memberRouter,
  activity: activityRouter,
  settings: settingsRouter,
  mail: mailRouter,
  branding: brandingRouter,
  webhook: webhookRouter,
  analytics: analyticsRouter,
  passkey: passkeyRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process: `createCaller(createInnerContext(services))`. */
export const createCaller = createCallerFactory(appRouter);
