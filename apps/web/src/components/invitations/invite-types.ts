import type { inferOutput } from "@trpc/tanstack-react-query";
import type { trpc } from "../../trpc.ts";

/** `invitation.preview`: what the accept page knows about a link before anyone signs up. */
export type InvitePreview = inferOutput<typeof trpc.invitation.preview>;

/** Why a link can't be accepted: its status, or no such invitation at all. */
export type InviteOutcome = Exclude<InvitePreview["status"], "PENDING"> | "NOT_FOUND";

/** An invitation as the admin API returns it (`invitation.get`, `.list`, `.create`…). */
export type Invitation = inferOutput<typeof trpc.invitation.get>;
