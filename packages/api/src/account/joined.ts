import type { Services } from "../context.ts";

/** How a member came in, for their home page: who let them in, and when. */
export interface JoinedStory {
  /** `invitation`: an emailed invitation; `link`: a shareable link; `other`: sign-up, setup or the CLI. */
  via: "invitation" | "link" | "other";
  /** Who invited them or shared the link; null when that account has since been removed, or for `other`. */
  invitedBy: { name: string; email: string } | null;
  /** When the invitation or link was made; null for `other`. */
  invitedAt: Date | null;
  joinedAt: Date;
}

/** `account.joined`: the invitation the member accepted, else the link they joined through (two indexed reads). */
export async function joinedStory(services: Services, user: { id: string; createdAt: Date }): Promise<JoinedStory> {
  const { prisma } = services.db;
  const inviter = { select: { name: true, email: true } } as const;
  const invitation = await prisma.invitation.findFirst({
    where: { acceptedById: user.id },
    select: { createdAt: true, acceptedAt: true, invitedBy: inviter },
  });
  if (invitation) {
    return { via: "invitation", invitedBy: invitation.invitedBy, invitedAt: invitation.createdAt, joinedAt: invitation.acceptedAt ?? user.createdAt };
  }
  const join = await prisma.inviteLinkJoin.findUnique({
    where: { userId: user.id },
    select: { createdAt: true, link: { select: { createdAt: true, createdBy: inviter } } },
  });
  if (join) return { via: "link", invitedBy: join.link.createdBy, invitedAt: join.link.createdAt, joinedAt: join.createdAt };
  return { via: "other", invitedBy: null, invitedAt: null, joinedAt: user.createdAt };
}
