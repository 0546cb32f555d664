import { once } from "node:events";
import { Router } from "express";
import { AppError, exportInvitations, type Services } from "@invite/api";
import { exportInvitationsQuery, INVITATIONS_CSV_PATH } from "@invite/schemas";
import type { Config } from "../config.ts";
import { answering, requireAdmin } from "./admin-answer.ts";

/*
 * GET /api/invitations.csv?status=&search=  the invitation list as CSV, for an admin (the session
 * cookie), with the list's filters. A GET that changes nothing: no Origin check is needed, and
 * other origins cannot read the answer (no CORS). Streamed a page at a time, waiting for the
 * client to drain each, so a long list costs bounded memory; a client that goes away stops it.
 */
export function invitationExportRoutes({ config, services }: { config: Config; services: Services }): Router {
  const router = Router();
  const answer = answering(services);

  router.get(
    INVITATIONS_CSV_PATH,
    requireAdmin(config, services, answer),
    answer(async (req, res) => {
      const parsed = exportInvitationsQuery.safeParse(req.query);
      if (!parsed.success) throw new AppError("VALIDATION_FAILED", "Filter by a status (PENDING, ACCEPTED, REVOKED or EXPIRED) and a search of at most 254 characters.");
      const lines = exportInvitations(services, parsed.data);
      // The first page is read before the headers go, so a database that is away is still a 503.
      const first = await lines.next();
      const date = services.clock.now().toISOString().slice(0, 10);
      res.set({
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="invitations-${date}.csv"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
      res.status(200);
      // A byte-order mark, so spreadsheet programs read the names as UTF-8.
      res.write("\uFEFF");
      try {
        for (let next = first; !next.done; next = await lines.next()) {
          if (res.destroyed) return void (await lines.return(undefined));
          if (!res.write(next.value)) await Promise.race([once(res, "drain"), once(res, "close")]);
        }
        res.end();
      } catch (error) {
        // Mid-file: cut the connection, so the download fails rather than looks complete.
        res.destroy(error as Error);
      }
    }),
  );

  return router;
}
