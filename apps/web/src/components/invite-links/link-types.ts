import type { inferOutput } from "@trpc/tanstack-react-query";
import type { trpc } from "../../trpc.ts";

/** A shareable invite link as admins see it (`inviteLink.list`, `.create`, `.revoke`): never its token. */
export type InviteLink = inferOutput<typeof trpc.inviteLink.list>["items"][number];

export type InviteLinkStatus = InviteLink["status"];
