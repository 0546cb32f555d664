import { hashKey, MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { createInviteClient, type AppRouter } from "@invite/client";
import { sawMe } from "./lib/session-notice.ts";

/** Errors the server sent on purpose (4xx) won't change on retry; network and 5xx errors might. */
function isRetryable(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return true;
  const status: unknown = error.data?.httpStatus;
  return typeof status !== "number" || status >= 500;
}

/**
 * A call refused for want of a session means ours has ended (expired, or signed out
 * elsewhere): ask `auth.me` again so the header and route guards catch up, and the sign-in
 * page can say what happened (lib/session-notice.ts).
 */
function onSessionRefused(error: unknown): void {
  if (error instanceof TRPCClientError && error.data?.reason === "UNAUTHENTICATED") {
    void queryClient.invalidateQueries(trpc.auth.me.queryFilter());
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onSessionRefused }),
  mutationCache: new MutationCache({ onError: onSessionRefused }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (failureCount, error) => failureCount < 2 && isRetryable(error),
    },
  },
});

// Same origin as the SPA: the session cookie goes along, nothing else does; at most 20 calls
// in one batch (the server's MAX_BATCH_SIZE), more go in a second.
export const trpcClient = createInviteClient({ url: "/trpc" });

/**
 * The one options proxy. Components call
 * `useQuery(trpc.health.queryOptions())` and invalidate with
 * `queryClient.invalidateQueries(trpc.invitation.pathFilter())`.
 */
export const trpc = createTRPCOptionsProxy<AppRouter>({
  client: trpcClient,
  queryClient,
});

// Every new value of `auth.me`, fetched or set after a sign-in: a user who turns into
// nobody without signing out here is a session that ended.
const meHash = hashKey(trpc.auth.me.queryKey());
queryClient.getQueryCache().subscribe((event) => {
  if (event.type === "updated" && event.action.type === "success" && event.query.queryHash === meHash) sawMe(event.query.state.data);
});
