import type { inferOutput } from "@trpc/tanstack-react-query";
import { queryClient, trpc } from "../trpc.ts";
import { signedOutHere } from "./session-notice.ts";

/*
 * The signed-in user in the query cache. The accept-invite page (entry chunk) imports
 * this module, so it stays tiny: no zod, no `useQuery` (that is `useMe` in use-me.ts,
 * for lazily loaded screens).
 */

/** `auth.me` when someone is signed in. */
export type Me = NonNullable<inferOutput<typeof trpc.auth.me>>;

/** After sign-in, setup or accepting an invitation: drop what the signed-out app cached, remember the user. */
export function startSession(user: Me): void {
  queryClient.removeQueries();
  queryClient.setQueryData(trpc.auth.me.queryKey(), user);
}

/**
 * After sign-out: forget every cached response (they belonged to the old user) and
 * record "signed out" so the next screen doesn't have to ask (and the sign-in page says so). Removing queries does
 * not re-render mounted screens, so call this right after navigating away.
 */
export function endSession(): void {
  signedOutHere();
  queryClient.clear();
  queryClient.setQueryData(trpc.auth.me.queryKey(), null);
}

/** `/sign-in?next=/account`: the sign-in page comes back to `next` afterwards. */
export function signInPath(next: string): string {
  if (!next || next === "/") return "/sign-in";
  // Keep slashes readable; everything else (`?`, `&`, `#`) is encoded.
  return `/sign-in?next=${encodeURIComponent(next).replace(/%2F/gi, "/")}`;
}
