import type { QueryKey, QueryState } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { queryClient } from "../trpc.ts";

/*
 * `useQuery`'s small sibling for the entry chunk (the accept-invite page has a 120 kB
 * budget, and `useQuery` with its observer is ~3 KB gzipped). It reads a query's state
 * straight from the shared cache and re-renders when it changes; fetching is up to the
 * caller (`queryClient.fetchQuery(trpc.x.queryOptions(input))`), so the same cache entry,
 * deduplication and invalidation apply as everywhere else. Lazily loaded pages should use
 * `useQuery` as usual.
 */
export function useQueryState<T>(queryKey: QueryKey): QueryState<T> | undefined {
  return useSyncExternalStore(subscribe, () => queryClient.getQueryState<T>(queryKey));
}

function subscribe(onChange: () => void) {
  return queryClient.getQueryCache().subscribe(onChange);
}
