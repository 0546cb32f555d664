import type { InvitationStatus } from "@invite/schemas";
import type { Services } from "../context.ts";
import { listWhere } from "./list.ts";
import { effectiveStatus } from "./view.ts";

/** Rows read per query while exporting: memory stays bounded however long the list is. */
export const EXPORT_PAGE_ROWS = 1000;

export const EXPORT_COLUMNS = [
  "email",
  "name",
  "role",
  "status",
  "invited_by",
  "sent_at",
  "send_count",
  "expires_at",
  "delivery",
  "first_opened_at",
  "accepted_at",
  "revoked_at",
] as const;

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula (starting with = + - @,
 * or a tab or carriage return that hides one) is prefixed with an apostrophe, as OWASP advises;
 * quotes, commas and line breaks are quoted.
 */
export function csvCell(value: string | number | Date | null): string {
  if (value === null) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const line = (cells: (string | number | Date | null)[]) => `${cells.map(csvCell).join(",")}\r\n`;

/**
 * The invitation list as CSV lines, newest first, with the list's filters: the header, then a
 * page of rows at a time (keyset by id), so a long list streams in bounded memory.
 */
export async function* exportInvitations(
  services: Services,
  filters: { status?: InvitationStatus | undefined; search?: string | undefined },
): AsyncGenerator<string> {
  const now = services.clock.now();
  yield line([...EXPORT_COLUMNS]);
  let cursor: string | undefined;
  for (;;) {
    const rows = await services.db.prisma.invitation.findMany({
      where: listWhere({ ...filters, cursor }, now),
      include: { invitedBy: { select: { email: true } }, emails: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true } } },
      orderBy: { id: "desc" },
      take: EXPORT_PAGE_ROWS,
    });
    if (rows.length === 0) return;
    yield rows
      .map((row) =>
        line([
          row.email,
          row.name,
          row.role,
          effectiveStatus(row, now),
          row.invitedBy?.email ?? null,
          row.createdAt,
          row.sendCount,
          row.expiresAt,
          row.emails[0]?.status ?? null,
          row.firstViewedAt,
          row.acceptedAt,
          row.revokedAt,
        ]),
      )
      .join("");
    if (rows.length < EXPORT_PAGE_ROWS) return;
    cursor = rows.at(-1)!.id;
  }
}
