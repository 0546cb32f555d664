import { emailSchema } from "@invite/schemas";
import type { Services } from "../context.ts";

export interface CheckedEmails {
  /** Have an invitation still pending: sending to them renews it, and their emailed link stops working. */
  pending: Array<{ email: string; expiresAt: Date }>;
  /** Already have an account: sending to them sends nothing. */
  members: string[];
}

/**
 * invitation.checkEmails: what sending to this list would do to whom, before anything is sent,
 * so the invite dialog can name who gets a new link. Entries that are not addresses are left
 * out (the dialog has already said so). One query for the whole list, whatever its size; it
 * reads what createMany's chunks read (bulk-chunk.ts), so the two agree.
 */
export async function checkEmails(services: Services, input: { emails: string[] }): Promise<CheckedEmails> {
  const emails = [
    ...new Set(input.emails.flatMap((email) => {
      const parsed = emailSchema.safeParse(email);
      return parsed.success ? [parsed.data] : [];
    })),
  ];
  if (emails.length === 0) return { pending: [], members: [] };
  const now = services.clock.now().toISOString();
  const rows = await services.db.prisma.$queryRaw<Array<{ email: string; member: boolean; expiresAt: Date | null }>>`
    SELECT "email", true AS "member", NULL::timestamp(3) AS "expiresAt" FROM "User" WHERE "email" = ANY(${emails}::text[])
    UNION ALL
    SELECT "email", false, MAX("expiresAt") FROM "Invitation"
    WHERE "email" = ANY(${emails}::text[]) AND "status" = 'PENDING' AND "expiresAt" > ${now}::timestamp(3)
    GROUP BY "email"`;
  const members = new Set(rows.filter((row) => row.member).map((row) => row.email));
  const pending = new Map(rows.filter((row) => !row.member && !members.has(row.email)).map((row) => [row.email, row.expiresAt!]));
  // In the order the list gave them.
  return {
    pending: emails.filter((email) => pending.has(email)).map((email) => ({ email, expiresAt: pending.get(email)! })),
    members: emails.filter((email) => members.has(email)),
  };
}
