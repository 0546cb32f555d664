import { z } from "zod";
import { roleSchema } from "./fields.ts";

/** The members page: search by email or name, newest first, a page at a time. */
export const listMembersInput = z.object({
  search: z.string().trim().max(254).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const memberIdInput = z.object({ id: z.string().min(1).max(64) });

export const setMemberRoleInput = z.object({ id: z.string().min(1).max(64), role: roleSchema });

/** The kinds of event the activity page filters by, in the order its filter lists them. */
export const activityKinds = ["invitations", "members", "sign-ins", "accounts", "settings"] as const;
export type ActivityKind = (typeof activityKinds)[number];

/** The activity page: the audit trail, newest first, a page at a time, of one kind or one person. */
export const listActivityInput = z.object({
  kind: z.enum(activityKinds).optional(),
  actorId: z.string().min(1).max(64).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
