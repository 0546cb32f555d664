import { Link } from "react-router";
import { buttonClassName } from "./ui/button.tsx";
import { EmptyState } from "./ui/empty-state.tsx";
import { PageHeader } from "./page-header.tsx";

/** Placeholder for screens that arrive in later issues. */
export function ComingSoon({ title }: { title: string }) {
  return (
    <>
      <title>{`${title} · Invitations`}</title>
      <PageHeader title={title} />
      <EmptyState
        title="Coming soon"
        description="This part of the app isn't built yet."
        action={
          <Link to="/" className={buttonClassName({ variant: "secondary" })}>
            Back to home
          </Link>
        }
      />
    </>
  );
}
