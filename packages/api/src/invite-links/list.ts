import { Prisma, type PrismaClient } from "@invite/db";
import { INVITE_LINK_JOINED_SHOWN } from "@invite/schemas";
import type { Services } from "../context.ts";
import type { Tx } from "../invitations/shared.ts";
import { linkCreator } from "./shared.ts";
import { toInviteLinkView, type InviteLinkMember } from "./view.ts";

/** The newest people who joined through each of these links, at most INVITE_LINK_JOINED_SHOWN a link, in one query. */
export async function joinedThrough(prisma: PrismaClient | Tx, linkIds: string[]): Promise<Map<string, InviteLinkMember[]>> {
  const byLink = new Map<string, InviteLinkMember[]>();
  if (linkIds.length === 0) return byLink;
  const rows = await prisma.$queryRaw<Array<InviteLinkMember & { linkId: string }>>`
    SELECT "id", "name", "email", "joinedAt" AT TIME ZONE 'UTC' AS "joinedAt", "linkId" FROM (
      SELECT u."id", u."name", u."email", j."createdAt" AS "joinedAt", j."linkId",
             row_number() OVER (PARTITION BY j."linkId" ORDER BY j."createdAt" DESC, u."id" DESC) AS "rank"
      FROM "InviteLinkJoin" j JOIN "User" u ON u."id" = j."userId"
      WHERE j."linkId" IN (${Prisma.join(linkIds)})
    ) ranked
    WHERE "rank" <= ${INVITE_LINK_JOINED_SHOWN}
    ORDER BY "joinedAt" DESC, "id" DESC`;
  for (const { linkId, ...member } of rows) {
    const list = byLink.get(linkId) ?? [];
    list.push(member);
    byLink.set(linkId, list);
  }
  return byLink;
}

/** `inviteLink.list`: every link, newest first (ids are UUIDv7), a page at a time, with its uses and who joined. */
export async function listInviteLinks(services: Services, input: { cursor?: string | undefined; limit: number }) {
  const { prisma } = services.db;
  const rows = await prisma.inviteLink.findMany({
    where: input.cursor ? { id: { lt: input.cursor } } : {},
    include: { createdBy: linkCreator },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const joined = await joinedThrough(prisma, page.map((link) => link.id));
  const now = services.clock.now();
  return {
    items: page.map((link) => toInviteLinkView(link, joined.get(link.id) ?? [], now)),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
