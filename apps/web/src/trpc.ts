import { QueryCache, QueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { createInviteClient, type AppRouter } from "@invite/client";

/** Errors the server sent on purpose (4xx) won't change on retry; network and 5xx errors might. */
function isRetryable(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return true;
  const status: unknown = error.data?.httpStatus;
  return typeof status !== "number" || status >= 500;
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    // A query refused for want of a session means ours has ended (expired, or signed
    // out elsewhere): ask `auth.me` again so the header and route guards catch up.
    onError: (error) => {
      if (error instanceof TRPCClientError && error.data?.reason === "UNAUTHENTICATED") {
        void queryClient.invalidateQueries(trpc.auth.me.queryFilter());
      }
    },
  }),
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
