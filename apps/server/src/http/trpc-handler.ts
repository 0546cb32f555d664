import type { AnyTRPCRouter, inferRouterContext, TRPCError } from "@trpc/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import { createURL, internal_exceptionHandler } from "@trpc/server/adapters/node-http";
import { resolveResponse } from "@trpc/server/http";
import type { Request, RequestHandler, Response } from "express";
import { compressAnswers, sendWholeAnswer, wholeBodies } from "./compress-answers.ts";
import { resolvePlainCalls } from "./trpc-calls.ts";

export interface TrpcHandlerOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  maxBatchSize: number;
  createContext: (opts: { req: Request; res: Response }) => Promise<inferRouterContext<TRouter>>;
  onError: (opts: { error: TRPCError; path: string | undefined }) => void;
}

/**
 * Hands /trpc requests to tRPC v11 with its semantics (procedures, batching and `maxBatchSize`,
 * the input wire checks, status codes, error shapes) and without its Express adapter's transport:
 * that adapter copies each request into a Fetch `Request` (a `Headers`, a body stream, an
 * `AbortController`) and pipes the `Response` back through a `WritableStream`, and
 * `resolveResponse` builds a `Response`, `Headers` and two `AbortSignal.any` per call; together
 * they cost about half of a session check's CPU (bench/README.md, auth-me).
 *
 * - A plain call (queries over GET, mutations over POST with a JSON body, batched or not) is
 *   answered by `resolvePlainCalls`, resolveResponse's steps on tRPC's own functions.
 * - Any other GET or JSON POST goes to `resolveResponse`, through a small view of the request.
 * - Anything else (HEAD, other methods, a non-JSON content type, a streamed `jsonl` answer)
 *   goes to tRPC's own Express adapter, as before.
 */
export function trpcHandler<TRouter extends AnyTRPCRouter>(options: TrpcHandlerOptions<TRouter>): RequestHandler {
  const { router, maxBatchSize, createContext, onError } = options;
  const adapter = createExpressMiddleware({ router, maxBatchSize, createContext, onError });
  const viaAdapter: RequestHandler = (req, res, next) => {
    keepVary(res);
    compressAnswers(req, res, () => wholeBodies(req, res, () => adapter(req, res, next)));
  };

  return (req, res, next) => {
    if (!isPlainJsonCall(req)) return viaAdapter(req, res, next);
    // As the Express adapter does: the procedure path is what follows the mount point.
    const path = req.path.slice(req.path.lastIndexOf("/") + 1);
    const exceptionHandler = internal_exceptionHandler({ req, res, path, router, maxBatchSize, createContext, onError });
    // Before any answer (a malformed Host, say): tRPC's own error answer, sent as the adapter's is.
    const fail = (cause: unknown) => compressAnswers(req, res, () => wholeBodies(req, res, () => exceptionHandler(cause)));
    void (async () => {
      const url = createURL(req); // a malformed Host or URL: tRPC's own 400
      const signal = abortedOnLeave(req, res);
      const plain = await resolvePlainCalls({
        router,
        maxBatchSize,
        method: req.method as "GET" | "POST",
        path,
        url,
        signal,
        readBody: () => JSON.parse(fetchText(typeof req.body === "string" ? req.body : "")),
        createContext: async (info) => await createContext({ req, res, info } as { req: Request; res: Response }),
        onError: (report) => onError({ ...report, req } as unknown as Parameters<typeof onError>[0]),
      });
      if (plain) {
        // As resolveResponse's answer would be written: its status, its two headers, the body.
        if (res.statusCode === 200) res.statusCode = plain.status;
        res.setHeader("content-type", "application/json");
        addVary(res, "trpc-accept, accept");
        sendWholeAnswer(req, res, plain.body);
        return;
      }
      const response = await resolveResponse({
        router,
        req: requestView(req, url, signal),
        path,
        maxBatchSize,
        error: null,
        createContext: async ({ info }) => await createContext({ req, res, info } as { req: Request; res: Response }),
        onError: (o) => onError({ ...o, req } as unknown as Parameters<typeof onError>[0]),
      });
      await sendAnswer(req, res, response);
    })().catch(fail);
  };
}

/** The calls `requestView` serves: GET, or POST with a JSON body, answered as one JSON text. */
function isPlainJsonCall(req: Request): boolean {
  if (req.method === "POST") {
    const type = req.headers["content-type"];
    if (type === undefined || type.split(";", 1)[0]!.trim().toLowerCase() !== "application/json") return false;
  } else if (req.method !== "GET") {
    return false;
  }
  // tRPC streams its answer (jsonl) when asked through these headers.
  if (req.headers["trpc-accept"] !== undefined) return false;
  const accept = req.headers.accept;
  return accept === undefined || !accept.includes("application/jsonl");
}

/** Aborts when the client goes away before the answer, as the Express adapter's request signal does. */
function abortedOnLeave(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  const onAbort = () => {
    res.off("close", onClose);
    req.off("aborted", onAbort);
    controller.abort();
  };
  const onClose = () => {
    if (res.writableEnded) req.off("aborted", onAbort);
    else onAbort();
  };
  res.once("close", onClose);
  req.once("aborted", onAbort);
  return controller.signal;
}

/**
 * The request as `resolveResponse` reads it (tRPC 11.22, contentType.ts and resolveResponse.ts):
 * `url`, `method`, `headers.get`/`has`, `signal` and `json()`, with the Fetch semantics it
 * relies on.
 */
function requestView(req: Request, url: URL, signal: AbortSignal): globalThis.Request {
  const view = {
    url: url.href,
    method: req.method,
    signal,
    headers: {
      get(name: string): string | null {
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
      has: (name: string) => req.headers[name.toLowerCase()] !== undefined,
    },
    /** The body express.text read (none: empty), decoded as Fetch's `json()` decodes it. */
    async json(): Promise<unknown> {
      return JSON.parse(fetchText(typeof req.body === "string" ? req.body : ""));
    },
  };
  return view as unknown as globalThis.Request;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/**
 * What `new Request(text).json()` would parse: Fetch encodes the text as UTF-8 (a lone
 * surrogate becomes U+FFFD) and its UTF-8 decode drops one leading byte-order mark.
 */
function fetchText(text: string): string {
  const wellFormed = LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, "\uFFFD") : text;
  return wellFormed.charCodeAt(0) === 0xfeff ? wellFormed.slice(1) : wellFormed;
}

/** As tRPC's `writeResponse`: its status unless one was set, its headers, then the body, whole. */
async function sendAnswer(req: Request, res: Response, response: globalThis.Response): Promise<void> {
  if (res.statusCode === 200) res.statusCode = response.status;
  for (const [key, value] of response.headers) {
    if (key === "vary") addVary(res, value);
    else if (key !== "set-cookie") res.setHeader(key, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  sendWholeAnswer(req, res, response.body ? await response.text() : "");
}

/** Adds to `Vary` rather than replacing it: a trusted origin's answer varies by `Origin` too (cross-origin.ts). */
function addVary(res: Response, value: string): void {
  const prior = res.getHeader("vary");
  res.setHeader("vary", typeof prior === "string" ? `${prior}, ${value}` : value);
}

/** tRPC's adapter sets its headers with `setHeader`, which would drop a `Vary: Origin` set before it. */
function keepVary(res: Response): void {
  const prior = res.getHeader("vary");
  if (typeof prior !== "string") return;
  const setHeader = res.setHeader.bind(res);
  res.setHeader = ((name: string, value: number | string | readonly string[]) =>
    setHeader(name, name.toLowerCase() === "vary" && !String(value).startsWith(prior) ? `${prior}, ${String(value)}` : value)) as Response["setHeader"];
}
