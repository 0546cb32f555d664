import { getErrorMessage } from "../lib/errors.ts";
import { Alert } from "./ui/alert.tsx";
import { Button } from "./ui/button.tsx";

type RetryableQuery = { error: unknown; isFetching: boolean; refetch: () => unknown };

/** A query that could not load: what failed, why, and a way to try again. */
export function LoadError({ title, query }: { title: string; query: RetryableQuery }) {
  return (
    <Alert
      tone="error"
      role="alert"
      title={title}
      actions={
        <Button variant="secondary" size="sm" loading={query.isFetching} onClick={() => void query.refetch()}>
          Try again
        </Button>
      }
    >
      {getErrorMessage(query.error)}
    </Alert>
  );
}
