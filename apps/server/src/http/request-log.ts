import type { RequestHandler } from "express";
import type { HttpLogger } from "pino-http";
import type { Logger } from "../logger.ts";

/** pino-http's own settings: what it logs, and which requests it does not. */
export interface RequestLogOptions {
  ignore: (url: string) => boolean;
}

/**
 * pino-http writes one line per answered request, at `info`, and gives `req.log`, a logger
 * that names the request, to the error handlers. When `info` is off (LOG_LEVEL=warn and up),
 * it writes nothing of its own yet still makes two child loggers and an id for every request:
 * then `req.log` is made only when something uses it, from the same logger and bindings, and
 * the answer keeps pino-http's `error` listener (an error event is not left unhandled).
 */
export function requestLogging(httpLogger: HttpLogger, { ignore }: RequestLogOptions): RequestHandler {
  const base = httpLogger.logger;
  return (req, res, next) => {
    if (base.isLevelEnabled("info")) return httpLogger(req, res, next);
    let log: Logger | undefined;
    Object.defineProperty(req, "log", {
      configurable: true,
      enumerable: true,
      get: () => (log ??= base.child({ req })),
      set: (value: Logger) => {
        log = value;
      },
    });
    if (ignore(req.url)) {
      res.on("error", settled);
    } else {
      const done = () => {
        res.off("close", done);
        res.off("finish", done);
        res.off("error", done);
      };
      res.on("close", done);
      res.on("finish", done);
      res.on("error", done);
    }
    next();
  };
}

function settled() {}
