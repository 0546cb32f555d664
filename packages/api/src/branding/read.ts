import type { PrismaClient } from "@invite/db";
import { LOGO_PATH, type Branding } from "@invite/schemas";

/** Characters of the logo's SHA-256 in its URL: enough that two logos never share one. */
const VERSION_LENGTH = 16;

export function logoUrl(sha256: string): string {
  return `${LOGO_PATH}?v=${sha256.slice(0, VERSION_LENGTH)}`;
}

/** Whether `v` (a logo URL's version) names the logo whose hash is `sha256`. */
export function isLogoVersion(v: unknown, sha256: string): boolean {
  return typeof v === "string" && v.length === VERSION_LENGTH && sha256.startsWith(v);
}

export const NO_BRANDING: Branding = { workspaceName: null, accentColor: null, logoUrl: null };

/**
 * The workspace's name, accent colour and logo URL, in one statement (the accept page waits on
 * it with the invitation); nulls until an admin sets them, which the pages read as today's look.
 */
export async function getBranding(prisma: Pick<PrismaClient, "$queryRaw">): Promise<Branding> {
  const [row] = await prisma.$queryRaw<Array<{ workspaceName: string | null; accentColor: string | null; sha256: string | null }>>`
    SELECT s."workspaceName", s."accentColor", l."sha256"
    FROM (SELECT 1 AS "id") AS one
    LEFT JOIN "Settings" AS s ON s."id" = one."id"
    LEFT JOIN "WorkspaceLogo" AS l ON l."id" = one."id"`;
  if (!row) return NO_BRANDING;
  return { workspaceName: row.workspaceName, accentColor: row.accentColor, logoUrl: row.sha256 ? logoUrl(row.sha256) : null };
}
