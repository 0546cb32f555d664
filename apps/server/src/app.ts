import path from "node:path";
import express, { type Express } from "express";
import { pinoHttp } from "pino-http";
import { AppError, appRouter, createInnerContext, lostConnection, resolveSession, toTRPCError, type Services } from "@invite/api";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import { brandingRoutes } from "./http/branding.ts";
import { trpcOrigins } from "./http/cross-origin.ts";
import { finalErrorHandler, notFound } from "./http/errors.ts";
import { invitationExportRoutes } from "./http/invitation-export.ts";
import { bodyErrors, MAX_BATCH_SIZE, personalAnswers, requireJsonBody, requireSameOrigin, securityHeaders } from "./http/security.ts";
import { deviceCookie } from "./http/device-cookie.ts";
import { requestLogging } from "./http/request-log.ts";
import { readSessionToken, sessionCookie } from "./http/session-cookie.ts";
import { spa } from "./http/spa.ts";
import { trpcHandler } from "./http/trpc-handler.ts";
import { configureProviders, type ProviderRegistry } from "./oauth/providers.ts";
import { createOAuthRouter } from "./oauth/router.ts";

export interface AppOptions {
  config: Config;
  services: Services;
  logger: Logger;
  /** The built SPA; defaults to apps/web/dist. */
  webDist?: string;
  /** The OAuth providers; defaults to those configured in `config`. */
  oauthProviders?: ProviderRegistry;
}

export const defaultWebDist = path.resolve(import.meta.dirname, "../../web/dist");

/** invitation.createMany's body: 10,000 people at about 150 bytes each (address, name, JSON); checkEmails' list too. */
export const BULK_INVITE_BODY_LIMIT = "1.5mb";

/** Request paths with secrets in them are logged with the secret cut out. */
export function redactPath(url: string): string {
  const pathOnly = url.split("?")[0] ?? "";
  return pathOnly.replace(/^\/(invite|setup|reset-password|sign-up|join)\/[^/]+/, "/$1/[redacted]");
}

export function createApp({ config, services, logger, webDist = defaultWebDist, oauthProviders }: AppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);

  const unlogged = (url: string) => url === "/healthz" || url === "/readyz";
  app.use(
    requestLogging(
      pinoHttp({
        logger,
        serializers: {
          req: (req: { method: string; url: string }) => ({ method: req.method, url: redactPath(req.url) }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        autoLogging: { ignore: (req) => unlogged(req.url ?? "") },
      }),
      { ignore: unlogged },
    ),
  );
  app.use(securityHeaders(config.secureCookies));

  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  app.get("/readyz", async (_req, res) => {
    const ok = await services.db.ping();
    res.status(ok ? 200 : 503).json({ ok, database: services.db.kind });
  });

  // /trpc's own Origin check: APP_URL's origin, or CORS with credentials for TRUSTED_ORIGINS;
  // any other origin is refused in tRPC's error shape (SECURITY 20, 40). Every other route
  // takes only its own origin's writes, below.
  app.use("/trpc", trpcOrigins({ appOrigin: config.appUrl.origin, trustedOrigins: config.trustedOrigins, router: appRouter }));
  // A list of up to 10,000 people needs more than 64 KB: a larger limit for the two procedures
  // that take one (each alone, not in a batch), still read before any work; the parser below
  // then skips the body.
  for (const bulk of ["/trpc/invitation.createMany", "/trpc/invitation.checkEmails"]) {
    app.use(bulk, express.text({ type: "application/json", limit: BULK_INVITE_BODY_LIMIT }));
  }
  app.use(
    "/trpc",
    requireJsonBody,
    // The body stays text: tRPC parses it once (JSON.parse is iterative, so hostile nesting
    // costs no stack), and its wire check (packages/api/src/input/wire.ts) bounds the rest.
    express.text({ type: "application/json", limit: "64kb" }),
    personalAnswers,
    trpcHandler({
      router: appRouter,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: async ({ req, res }) => {
        const cookie = sessionCookie(res, config.secureCookies, () => services.clock.now(), config.cookieSameSite);
        const token = readSessionToken(req, config.secureCookies);
        const session = await resolveSession(services, token).catch(async (error: unknown) => {
          // The database is down, or the lookup's connection broke (it may answer again at
          // once): say so (503), rather than fail as a 500 or sign the caller out.
          if (lostConnection(error) || !(await services.db.ping())) throw toTRPCError(new AppError("SERVICE_UNAVAILABLE"));
          throw error;
        });
        if (token && !session) cookie.clear();
        if (token && session?.renewedUntil) cookie.set(token, session.renewedUntil);
        return createInnerContext(services, {
          request: { ip: req.ip ?? null, userAgent: req.get("user-agent") ?? null },
          cookie,
          deviceCookie: deviceCookie(req, res, config.secureCookies, () => services.clock.now(), config.cookieSameSite),
          user: session?.user ?? null,
          sessionId: session?.sessionId ?? null,
        });
      },
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path }, "procedure failed");
      },
    }),
  );
  app.use(requireSameOrigin(config.appUrl.origin));
  // The logo: uploaded as raw bytes by an admin, served to anyone (SECURITY 37).
  app.use(brandingRoutes({ config, services }));
  // The invitation list as CSV, for admins.
  app.use(invitationExportRoutes({ config, services }));
  // OAuth start and callback are top-level GET navigations: the Origin check above, which
  // guards only non-GET requests, lets them through; the state cookie protects the callback.
  const providers = oauthProviders ?? configureProviders(config, { now: () => services.clock.now() });
  app.use("/auth", createOAuthRouter({ config, services, providers, logger }));
  app.use(bodyErrors);
  app.use(spa(webDist));
  app.use(notFound);
  app.use(finalErrorHandler);
  return app;
}
