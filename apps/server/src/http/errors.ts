import { STATUS_CODES } from "node:http";
import type { ErrorRequestHandler, RequestHandler } from "express";

/** The error's own status when it is a client error (http-errors, body-parser, router); otherwise 500. */
function statusOf(error: unknown): number {
  if (typeof error === "object" && error !== null) {
    const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
    const candidate = typeof status === "number" ? status : statusCode;
    if (typeof candidate === "number" && candidate >= 400 && candidate < 500) return candidate;
  }
  return 500;
}

/**
 * The last handler: any error that reaches Express (a malformed URI, a body the parsers
 * refused, a bug) gets its 4xx status or 500 and a few words of JSON. Express's own page
 * would carry the stack and absolute paths whenever NODE_ENV is not "production".
 */
export const finalErrorHandler: ErrorRequestHandler = (error, req, res, next) => {
  const status = statusOf(error);
  if (status >= 500) req.log.error({ err: error }, "request failed");
  // Too late for a status: Express's own handler ends the connection, and sends nothing.
  if (res.headersSent) return next(error);
  const name = STATUS_CODES[status] ?? "Error";
  const message =
    status >= 500 ? "Something went wrong on our side. Try again." : status === 400 ? "The request is malformed." : `${name}.`;
  res.status(status).json({ error: { reason: name.toUpperCase().replace(/\W+/g, "_"), message } });
};

/** What no route answered (a POST to an unknown path, say): JSON like every other answer. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { reason: "NOT_FOUND", message: "Nothing is here." } });
};
