import compression from "compression";
import type { Request, RequestHandler, Response } from "express";

/** Below this an answer goes out as it is: the bytes saved would not pay for the CPU. */
export const COMPRESS_ANSWERS_FROM_BYTES = 1024;

type Callback = (error?: Error | null) => void;

/**
 * tRPC writes an answer in pieces (`res.write`, then `res.end()`), and `compression` can
 * judge the size only of a body it knows whole: a body handed to `end`, or a Content-Length.
 * So the pieces are gathered and handed on at the end as one, with their length. Our answers
 * are never streamed (the SPA uses httpBatchLink; there are no subscriptions), so this costs
 * one copy of a body that fits in memory anyway.
 */
export const wholeBodies: RequestHandler = (_req, res, next) => {
  const chunks: Buffer[] = [];
  const end = res.end.bind(res) as (chunk: Buffer, callback?: Callback) => Response;
  const toBuffer = (chunk: unknown, encoding: unknown): Buffer =>
    typeof chunk === "string"
      ? Buffer.from(chunk, encoding as BufferEncoding)
      : Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk as Uint8Array);

  res.write = ((chunk: unknown, encoding?: unknown, callback?: Callback) => {
    chunks.push(toBuffer(chunk, typeof encoding === "string" ? encoding : "utf8"));
    (typeof encoding === "function" ? (encoding as Callback) : callback)?.();
    return true;
  }) as Response["write"];
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: Callback) => {
    if (typeof chunk === "function") [chunk, callback] = [undefined, chunk as Callback];
    if (typeof encoding === "function") [encoding, callback] = [undefined, encoding as Callback];
    if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, encoding ?? "utf8"));
    const body = Buffer.concat(chunks);
    if (!res.headersSent && body.length > 0) {
      // tRPC's jsonl answer names itself chunked; whole, it is not, and both would be malformed HTTP.
      res.removeHeader("Transfer-Encoding");
      res.setHeader("Content-Length", body.length);
    }
    return end(body, callback);
  }) as Response["end"];
  next();
};

/**
 * Compresses /trpc answers of 1 KB and more (a page of invitations shrinks several times)
 * with brotli or gzip as the client prefers, and leaves smaller ones alone. `Vary:
 * Accept-Encoding` goes on each. The answers' `Cache-Control: private, no-store` stays.
 */
export const compressAnswers: RequestHandler = compression({ threshold: COMPRESS_ANSWERS_FROM_BYTES });

/** `compression`'s test for `Cache-Control: no-transform`. */
const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/;

/**
 * Sends an answer known whole, as `wholeBodies` and `compressAnswers` would, with its length.
 * A tRPC JSON answer under the threshold, the usual case, gets from `compression` only its
 * `Vary: Accept-Encoding`, so it is given that and sent at once; any other goes through
 * `compression`.
 */
export function sendWholeAnswer(req: Request, res: Response, body: string): void {
  const length = Buffer.byteLength(body);
  if (length > 0) res.setHeader("Content-Length", length);
  const cacheControl = res.getHeader("Cache-Control");
  const vary = res.getHeader("Vary");
  if (
    length < COMPRESS_ANSWERS_FROM_BYTES &&
    res.getHeader("Content-Type") === "application/json" &&
    (vary === "trpc-accept, accept" || vary === "Origin, trpc-accept, accept") &&
    !(typeof cacheControl === "string" && NO_TRANSFORM.test(cacheControl))
  ) {
    res.setHeader("Vary", `${vary}, Accept-Encoding`);
    res.end(body);
    return;
  }
  compressAnswers(req, res, () => res.end(body));
}
