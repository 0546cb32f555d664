import { useQuery } from "@tanstack/react-query";
import { trpc } from "../trpc.ts";

/**
 * `auth.me` for lazily loaded screens: `data` is the signed-in user, `null` when signed
 * out, `undefined` while loading. (Entry-chunk code reads the cache instead of paying
 * for `useQuery`; see `useCachedMe` in app/layout.tsx and lib/query-state.ts.)
 */
export function useMe() {
  return useQuery(trpc.auth.me.queryOptions());
}
