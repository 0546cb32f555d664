import type { AnyTRPCRouter } from "@trpc/server";
import { getErrorShape, transformTRPCResponse } from "@trpc/server/unstable-core-do-not-import";
import type { RequestHandler, Response } from "express";
import { AppError, toTRPCError } from "@invite/api";

/** What a page on a trusted origin may send: tRPC's own headers and the t3 convention's. */
export const CORS_ALLOWED_HEADERS = "content-type, trpc-accept, x-trpc-source";
/** How long a browser may keep a preflight's answer: two hours, Chromium's cap. */
export const CORS_MAX_AGE_SECONDS = 7200;

const SAFE_METHODS = new Set(["GET", "HEAD"]);

export interface TrpcOriginsOptions {
  /** APP_URL's origin: its own pages, same-origin, need no CORS. */
  appOrigin: string;
  /** TRUSTED_ORIGINS: exact origins that get CORS with credentials. */
  trustedOrigins: readonly string[];
  /** The router, so a refusal is in its error shape (superjson, `data.reason`). */
  router: AnyTRPCRouter;
}

/**
 * The Origin check for /trpc (SECURITY 20 and 40), before any body, context or procedure:
 * - APP_URL's origin passes, as it always did;
 * - a trusted origin gets CORS with credentials (`Access-Control-Allow-Origin` naming it,
 *   `-Credentials: true`, `Vary: Origin`), and its preflight is answered here, at once;
 * - no Origin passes for GET and HEAD (a server calling queries; browsers send Origin on
 *   every cross-origin request) and is refused for anything else, as before;
 * - every other origin is refused, whatever the method, with 403 and tRPC's error shape
 *   (`FORBIDDEN`, `data.reason: "ORIGIN_NOT_ALLOWED"`), so a client that can read the
 *   answer (a page on our origin, a server) reads why. It carries no CORS header: a page on
 *   that origin is told nothing, by its browser's CORS error.
 */
export function trpcOrigins({ appOrigin, trustedOrigins, router }: TrpcOriginsOptions): RequestHandler {
  const trusted = new Set(trustedOrigins);
  const foreignOrigin = refusal(
    router,
    "Calls from this origin are refused: only this app's origin (APP_URL) and those listed in TRUSTED_ORIGINS may call it.",
  );
  const noOrigin = refusal(router, "A call that changes something must carry its page's Origin header.");

  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined) return SAFE_METHODS.has(req.method) ? next() : send(res, noOrigin);
    if (origin === appOrigin) return next();
    if (!trusted.has(origin)) return send(res, foreignOrigin);

    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
    res.setHeader("Vary", "Origin");
    if (req.method !== "OPTIONS") return next();
    // A preflight: answered here, costing no session lookup and no body.
    res.setHeader("Access-Control-Allow-Methods", "GET, POST");
    res.setHeader("Access-Control-Allow-Headers", CORS_ALLOWED_HEADERS);
    res.setHeader("Access-Control-Max-Age", String(CORS_MAX_AGE_SECONDS));
    res.status(204).end();
  };
}

/** A refusal's body, made once: the error tRPC itself would answer for `FORBIDDEN`, reason and all. */
function refusal(router: AnyTRPCRouter, message: string): string {
  const config = router._def._config;
  const error = toTRPCError(new AppError("ORIGIN_NOT_ALLOWED", message));
  const shape = getErrorShape({ config, error, type: "unknown", path: undefined, input: undefined, ctx: undefined });
  return JSON.stringify(transformTRPCResponse(config, { error: shape }));
}

function send(res: Response, body: string): void {
  res.status(403);
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Cache-Control", "private, no-store");
  res.end(body);
}
