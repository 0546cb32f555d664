import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "./router.ts";

/** The server takes at most this many calls in one batch (MAX_BATCH_SIZE); more go in another. */
const MAX_BATCH = 20;

export interface InviteClientOptions {
  /** The API's tRPC endpoint: "/trpc" on the app's own origin, or "https://invites.example.com/trpc". */
  url: string;
  /**
   * Whether the session cookie goes along: "same-origin" (the default) for an app served from
   * the API's origin or through a proxy to it; "include" for one on another origin that the
   * server trusts (its CORS settings).
   */
  credentials?: RequestCredentials;
  /** Headers for every request, e.g. from a test or a server-side render. */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Another fetch (a test's, or one with a timeout); the global one by default. */
  fetch?: typeof globalThis.fetch;
}

export type InviteClient = TRPCClient<AppRouter>;

/**
 * A typed client for the API: `await client.invitation.list.query({ limit: 20 })`. Calls made
 * in the same tick go in one request; values such as `Date` survive the trip (superjson, as
 * the server speaks it).
 */
export function createInviteClient(options: InviteClientOptions): InviteClient {
  const { url, credentials = "same-origin", headers } = options;
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url,
        transformer: superjson,
        maxItems: MAX_BATCH,
        ...(headers ? { headers } : {}),
        fetch: (input, init) => fetchFn(input, { ...init, credentials }),
      }),
    ],
  });
}
