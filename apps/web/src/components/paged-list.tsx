import { getErrorMessage } from "../lib/errors.ts";
import { Alert } from "./ui/alert.tsx";
import { Button } from "./ui/button.tsx";

/*
 * The pieces every cursor-paged admin list shares (invitations, members, activity), given the
 * list's `useInfiniteQuery` result.
 */

type PagedQuery = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };

/** The next page, on request; nothing once the list is complete. */
export function LoadMoreButton({ query, label = "Load more" }: { query: PagedQuery; label?: string }) {
  if (!query.hasNextPage) return null;
  return (
    <Button variant="secondary" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
      {query.isFetchingNextPage ? "Loading…" : label}
    </Button>
  );
}

/** Rows are on screen but the last refresh failed: say they may be stale, and why. */
export function StaleListWarning({ query }: { query: { isRefetchError: boolean; error: unknown } }) {
  if (!query.isRefetchError) return null;
  return (
    <Alert tone="warning" className="mb-4">
      This list may be out of date: the last refresh failed. {getErrorMessage(query.error)}
    </Alert>
  );
}
