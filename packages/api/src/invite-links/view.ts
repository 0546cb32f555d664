import type { InviteLinkStatus, Role } from "@invite/schemas";
import { linkStatus, type LinkRow } from "./shared.ts";

/** Someone who joined through a link, as `inviteLink.list` names them. */
export interface InviteLinkMember {
  id: string;
  name: string;
  email: string;
  joinedAt: Date;
}

/** A link as admins see it: never its token or its hash (SECURITY 2), which only `create` hands out, as the URL. */
export interface InviteLinkView {
  id: string;
  role: Role;
  status: InviteLinkStatus;
  /** Null: never expires. */
  expiresAt: Date | null;
  /** Null: no cap. */
  maxUses: number | null;
  /** How many people joined through it (removed accounts included). */
  uses: number;
  allowedDomains: string[];
  /** Where people who join through it go next; null: the settings' default, else home. */
  redirectUrl: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  /** Null once that account has been removed. */
  createdBy: { id: string; name: string; email: string } | null;
  /** The newest people who joined through it and still have an account, at most INVITE_LINK_JOINED_SHOWN. */
  joined: InviteLinkMember[];
}

export function toInviteLinkView(link: LinkRow, joined: InviteLinkMember[], now: Date): InviteLinkView {
  return {
    id: link.id,
    role: link.role,
    status: linkStatus(link, now),
    expiresAt: link.expiresAt,
    maxUses: link.maxUses,
    uses: link.uses,
    allowedDomains: link.allowedDomains,
    redirectUrl: link.redirectUrl,
    createdAt: link.createdAt,
    revokedAt: link.revokedAt,
    createdBy: link.createdBy && { id: link.createdBy.id, name: link.createdBy.name, email: link.createdBy.email },
    joined,
  };
}
