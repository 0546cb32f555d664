import type { NextFunction, Request, RequestHandler, Response } from "express";
import { AppError, lostConnection, resolveSession, type Services } from "@invite/api";
import type { Config } from "../config.ts";
import { readSessionToken } from "./session-cookie.ts";

// What the plain-HTTP routes beside tRPC share (the logo, the CSV export): the admin check and
// answering refusals as JSON, as /trpc does.

/** The admin behind the session cookie, kept on res.locals; 401 signed out, 403 for members. */
export function requireAdmin(config: Config, services: Services, answer: Answer): RequestHandler {
  return answer(async (req, res, next) => {
    const session = await resolveSession(services, readSessionToken(req, config.secureCookies));
    if (!session) throw new AppError("UNAUTHENTICATED");
    if (session.user.role !== "ADMIN") throw new AppError("FORBIDDEN");
    res.locals.adminId = session.user.id;
    next();
  });
}

const statusByReason: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, VALIDATION_FAILED: 400, SERVICE_UNAVAILABLE: 503 };

export type Answer = (handler: (req: Request, res: Response, next: NextFunction) => Promise<void>) => RequestHandler;

/**
 * Runs async handlers: domain refusals become JSON answers, a database that is away a 503 (as
 * /trpc says it), anything else goes on to the final error handler.
 */
export function answering(services: Services): Answer {
  return (handler) => (req, res, next) => {
    handler(req, res, next).catch(async (error: unknown) => {
      if (!(error instanceof AppError) && (lostConnection(error) || !(await services.db.ping()))) {
        error = new AppError("SERVICE_UNAVAILABLE");
      }
      if (error instanceof AppError && !res.headersSent) {
        res.set("Cache-Control", "no-store").status(statusByReason[error.reason] ?? 400).json({ error: { reason: error.reason, message: error.message } });
        return;
      }
      next(error);
    });
  };
}

