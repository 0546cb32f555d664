import type { AnyTRPCRouter, inferRouterContext, TRPCError } from "@trpc/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import { createURL, internal_exceptionHandler } from "@trpc/server/adapters/node-http";
import { resolveResponse } from "@trpc/server/http";
import type { Request, RequestHandler, Response } from "express";
import { compressAnswers, sendWholeAnswer, wholeBodies } from "./compress-answers.ts";

export interface TrpcHandlerOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  maxBatchSize: number;
  createContext: (opts: { req: Request; res: Response }) => Promise<inferRouterContext<TRouter>>;
  onError: (opts: { error: TRPCError; path: string | undefined }) => void;
}

/**
 * Hands /trpc requests to tRPC v11's `resolveResponse`, the function every tRPC adapter is
 * built on, so procedures, batching (`maxBatchSize`), the input wire checks, status codes and
 * error shapes are tRPC's own. What differs from tRPC's Express adapter is the transport only:
 * that adapter copies each request into a Fetch `Request` (a `Headers`, a body stream, an
 * `AbortController`) and pipes the `Response` back through a `WritableStream`, which cost
 * about a third of a session check's CPU (bench/README.md, auth-me). Here tRPC reads the Node
 * request through a small view of it, and the answer, a complete JSON text, is written once.
 *
 * The view covers what `resolveResponse` reads of a JSON call: its URL, method, headers, abort
 * signal and `json()`. Anything else (HEAD, other methods, a non-JSON content type, a streamed
 * `jsonl` answer) goes to tRPC's own Express adapter, as before.
 */
export function trpcHandler<TRouter extends AnyTRPCRouter>(options: TrpcHandlerOptions<TRouter>): RequestHandler {
  const { router, maxBatchSize, createContext, onError } = options;
  const adapter = createExpressMiddleware({ router, maxBatchSize, createContext, onError });
  const viaAdapter: RequestHandler = (req, res, next) => {
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
      const request = requestView(req, res);
      const response = await resolveResponse({
        router,
        req: request,
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

/**
 * The request as `resolveResponse` reads it (tRPC 11.22, contentType.ts and resolveResponse.ts):
 * `url`, `method`, `headers.get`/`has`, `signal` and `json()`, with the Fetch semantics it
 * relies on. The signal aborts when the client goes away before the answer, as the adapter's.
 */
function requestView(req: Request, res: Response): globalThis.Request {
  const url = createURL(req).href; // a malformed Host or URL: tRPC's own 400
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
  const view = {
    url,
    method: req.method,
    signal: controller.signal,
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
    if (key.toLowerCase() !== "set-cookie") res.setHeader(key, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  sendWholeAnswer(req, res, response.body ? await response.text() : "");
}
