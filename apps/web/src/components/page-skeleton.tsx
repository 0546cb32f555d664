import { Skeleton } from "./ui/spinner.tsx";

/** The shape of a page (title, intro, a card) while we find out who is signed in or its code loads. */
export function PageSkeleton() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-8 w-48" />
      <Skeleton className="mt-3 h-4 w-80 max-w-full" />
      <Skeleton className="mt-8 h-48 w-full rounded-xl" />
    </div>
  );
}
