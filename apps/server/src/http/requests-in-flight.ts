import type { Server } from "node:http";

/** How many requests the HTTP server is answering now. */
export interface RequestsInFlight {
  readonly count: number;
  /** Counts this server's requests from now on, each until its response is done or abandoned. */
  watch(server: Server): void;
}

/**
 * The API's load, as background work reads it to yield (runtime.ts): a request counts from
 * its arrival until its response is finished or its connection closed ('close' fires for both).
 */
export function countRequestsInFlight(): RequestsInFlight {
  let count = 0;
  return {
    get count() {
      return count;
    },
    watch(server) {
      server.on("request", (_request, response) => {
        count++;
        response.once("close", () => count--);
      });
    },
  };
}
