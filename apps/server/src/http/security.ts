import type { ErrorRequestHandler, RequestHandler } from "express";
import helmet from "helmet";

/** Security headers on every response, with a CSP the built SPA runs under. */
export function securityHeaders(secure: boolean): RequestHandler {
  const { set, removed } = constantHeaders(helmetHeaders(secure));
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

/**
 * What helmet does to a response, taken once: with no per-request CSP directive (no nonce),
 * every header it sets is a constant, and setting them from a list costs a fraction of its
 * chain of a dozen middlewares on every request (bench/README.md, auth-me).
 */
function constantHeaders(middleware: RequestHandler): { set: Array<[string, string]>; removed: string[] } {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  let done = false;
  const recorder = {
    setHeader(name: string, value: string) {
      set.push([name, value]);
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  // A request helmet would have to read (a nonce directive) makes this throw at start, not serve wrong headers.
  const noRequest = new Proxy(
    {},
    {
      get: (_, key) => {
        throw new Error(`helmet read req.${String(key)}: its headers are not constant`);
      },
    },
  );
  middleware(noRequest as never, recorder as never, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error("helmet did not finish synchronously: its headers are not constant");
  return { set, removed };
}

function helmetHeaders(secure: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        // Radix and sonner set inline style attributes; scripts stay strict.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        ...(secure ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    // Invitation and setup pages carry tokens in their paths.
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: secure,
  });
}

/**
 * HEAD is GET without the body: Express answers it with the GET route and tRPC with an empty
 * 204 before any context or procedure, so it changes nothing. OPTIONS is not exempt: outside
 * /trpc (whose trusted origins get their preflight in cross-origin.ts) no route answers a
 * CORS preflight, so a foreign or missing Origin gets its 403.
 */
const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * CSRF defence for every route but /trpc (cross-origin.ts): a state-changing request must come
 * from our own origin. Browsers always send `Origin` on cross-origin and on non-GET requests,
 * so a missing one is refused too.
 */
export function requireSameOrigin(appOrigin: string): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (req.get("origin") === appOrigin) return next();
    res.status(403).json({ error: { reason: "FORBIDDEN", message: "Cross-origin request refused." } });
  };
}

/** Only JSON bodies reach the API: a text/plain or form post is refused before parsing. */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method) || !req.headers["content-length"] && !req.headers["transfer-encoding"]) {
    return next();
  }
  if (req.is("application/json")) return next();
  res.status(415).json({ error: { reason: "VALIDATION_FAILED", message: "Send a JSON body (Content-Type: application/json)." } });
};

/**
 * Calls one batched request may hold: the SPA's busiest page batches a handful; a URL of
 * thousands of `health` calls would run thousands of procedures for one request.
 */
export const MAX_BATCH_SIZE = 20;

/**
 * API answers are about one person (their session, their members list): no shared cache
 * (a CDN, a company proxy) may keep them, nor the browser's back-forward history.
 */
export const personalAnswers: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "private, no-store");
  next();
};

/**
 * Body parser failures (too large, malformed) become clear 4xx answers, never a 500. Other
 * errors (a malformed URI in an OAuth path, say) go on to the final error handler.
 */
export const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  const status = typeof error?.status === "number" ? error.status : 500;
  const fromBodyParser = typeof error?.type === "string";
  if (fromBodyParser && status >= 400 && status < 500) {
    const message = error.type === "entity.too.large" ? "Request body is too large." : "Request body is not valid JSON.";
    res.status(status).json({ error: { reason: "VALIDATION_FAILED", message } });
    return;
  }
  next(error);
};
