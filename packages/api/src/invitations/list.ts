import type { Prisma } from "@invite/db";
import type { InvitationStatus } from "@invite/schemas";
import type { Services } from "../context.ts";
import { literalContains } from "../search.ts";
import { invitationInclude, toInvitationView } from "./view.ts";

/** PENDING and EXPIRED are decided by the clock, not only by the stored status. */
function statusWhere(status: InvitationStatus, now: Date): Prisma.InvitationWhereInput {
  switch (status) {
    case "PENDING":
      return { status: "PENDING", expiresAt: { gt: now } };
    case "EXPIRED":
      return { OR: [{ status: "EXPIRED" }, { status: "PENDING", expiresAt: { lte: now } }] };
    default:
      return { status };
  }
}

/** The list's filters (and the page after `cursor`), as the list and its CSV export apply them. */
export function listWhere(
  input: { status?: InvitationStatus | undefined; search?: string | undefined; cursor?: string | undefined },
  now: Date,
): Prisma.InvitationWhereInput {
  const search = input.search ? literalContains(input.search.toLowerCase()) : undefined;
  return {
    ...(input.status ? statusWhere(input.status, now) : {}),
    ...(search ? { email: { contains: search } } : {}),
    ...(input.cursor ? { id: { lt: input.cursor } } : {}),
  };
}

/**
 * Newest first. Ids are UUIDv7, ordered by creation time, so the id is the cursor and the
 * primary key index serves the order.
 */
export async function listInvitations(
  services: Services,
  input: { status?: InvitationStatus | undefined; search?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const now = services.clock.now();
  const rows = await services.db.prisma.invitation.findMany({
    where: listWhere(input, now),
    include: invitationInclude,
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((row) => toInvitationView(row, now)),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
