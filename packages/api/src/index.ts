export { appRouter, createCaller, type AppRouter } from "./root.ts";
export {
  createInnerContext,
  createServices,
  systemClock,
  type ApiConfig,
  type Clock,
  type Context,
  type DevMailbox,
  type DeviceCookie,
  type ProviderInfo,
  type RequestInfo,
  type Services,
  type SessionCookie,
} from "./context.ts";
export type { BackgroundWork } from "./background.ts";
export { AppError, lostConnection, toTRPCError } from "./errors.ts";
export { resolveSession, type RequestSession } from "./auth/request.ts";
export { adminExists, createAdmin, issueSetupToken } from "./auth/first-admin.ts";
export { deleteExpiredSessions, SESSION_IDLE_MS } from "./auth/session.ts";
export { setSessionCookie, type NewSession, type SignInMeta } from "./auth/sign-in-session.ts";
export { ARGON2_OPTIONS, hashPassword } from "./auth/password.ts";
export { RATE_LIMITS } from "./rate-limits.ts";
export type { PublicUser } from "./users.ts";
export { runMaintenance, AUDIT_RETENTION_MS, DEAD_TOKEN_RETENTION_MS } from "./maintenance.ts";
export { createSealer, type Sealer } from "./mail/sealer.ts";
export { enqueueEmail, type EmailTemplates, type InvitationEmailPayload } from "./mail/outbox.ts";
export type { InvitationView } from "./invitations/view.ts";
export { createInvitation, inviteUrl } from "./invitations/service.ts";
export { listInvitations } from "./invitations/list.ts";
export { REMINDER_TEMPLATE, reminderRefusal } from "./invitations/reminders.ts";
export { uuid7s } from "./invitations/uuid7.ts";
export { csvCell, exportInvitations } from "./invitations/export.ts";
export { createInviteLink } from "./invite-links/create.ts";
export { getBranding, isLogoVersion, NO_BRANDING } from "./branding/read.ts";
export { readLogo, removeLogo, saveLogo } from "./branding/logo.ts";
export * from "./oauth/index.ts";
