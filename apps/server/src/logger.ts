import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/** JSON lines to stdout, or to `destination` (tests read what would have been written). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      // Tokens travel in cookies and in invitation paths; never write them down.
      redact: {
        paths: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
