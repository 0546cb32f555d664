import { getBranding } from "../branding/read.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { findLinkByToken, linkStatus } from "./shared.ts";

/**
 * What `/join/<token>` shows: whose workspace, which role, who shared it, until when, for which
 * domains, and whether it admits people now. Consumes nothing (SECURITY 7): a chat app that
 * unfurls the link or a scanner that opens it spends no use. Never the token, nor who joined.
 */
export async function previewInviteLink(services: Services, token: string) {
  const { prisma } = services.db;
  const link = await findLinkByToken(prisma, token);
  if (!link) throw new AppError("INVITE_LINK_NOT_FOUND");
  return {
    role: link.role,
    // A MEMBER link outlives its creator's account; it came from an admin all the same.
    inviterName: link.createdBy?.name ?? "An administrator",
    expiresAt: link.expiresAt,
    status: linkStatus(link, services.clock.now()),
    allowedDomains: link.allowedDomains,
    methods: ["password", ...services.config.providers.map((provider) => provider.id)],
    // The page's branding rides along: no second round trip before it can show.
    branding: await getBranding(prisma),
  };
}
