import { useQuery } from "@tanstack/react-query";
import { queryClient, trpc } from "../trpc.ts";

/*
 * Who is signed in. This module is part of the entry chunk (the header and the
 * route guards use it), so it stays tiny: no zod, no reason tables.
 */

/** `auth.me`: `data` is the signed-in user, `null` when signed out, `undefined` while loading. */
export function useMe() {
  return useQuery(trpc.auth.me.queryOptions());
}

export type Me = NonNullable<ReturnType<typeof useMe>["data"]>;

/** After sign-in or setup: drop whatever the signed-out app had cached and remember the new user. */
export function startSession(user: Me): void {
  queryClient.removeQueries();
  queryClient.setQueryData(trpc.auth.me.queryKey(), user);
}

/**
 * After sign-out: forget every cached response (they belonged to the old user) and
 * record "signed out" so the next screen doesn't have to ask. Removing queries does
 * not re-render mounted screens, so call this right after navigating away.
 */
export function endSession(): void {
  queryClient.clear();
  queryClient.setQueryData(trpc.auth.me.queryKey(), null);
}

/** `/sign-in?next=/account`: the sign-in page comes back to `next` afterwards. */
export function signInPath(next: string): string {
  if (!next || next === "/") return "/sign-in";
  // Keep slashes readable; everything else (`?`, `&`, `#`) is encoded.
  return `/sign-in?next=${encodeURIComponent(next).replace(/%2F/gi, "/")}`;
}
