/*
 * The invitation operations, one module each; this is what the rest of the API imports.
 * Shared helpers (links, locks, the email) are in shared.ts, every action's rate limits in limits.ts.
 */
export { acceptWithPassword, assertAcceptable, claimInvitation, type NewMember } from "./accept.ts";
export { createManyInvitations, type BulkInvitationResult, type CreateManyInvitations } from "./bulk.ts";
export { createInvitation, inviteOne, type CreateInvitation } from "./create.ts";
export { previewInvitation } from "./preview.ts";
export { resendInvitation } from "./resend.ts";
export { revokeAdminInvitations, revokeInvitation } from "./revoke.ts";
export { generateInvitationToken, getInvitation, inviteUrl, type Actor } from "./shared.ts";
