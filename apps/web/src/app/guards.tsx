import { Link, Outlet, useLocation } from "react-router";
import { Alert } from "../components/ui/alert.tsx";
import { Button, buttonClassName } from "../components/ui/button.tsx";
import { PageSkeleton } from "../components/page-skeleton.tsx";
import { Redirect } from "../lib/redirect.tsx";
import { signInPath } from "../lib/session.ts";
import { useMe } from "../lib/use-me.ts";

/*
 * Layout routes that gate their children on `auth.me`:
 *   signed out             -> /sign-in?next=<where they were going>
 *   signed in, wrong role  -> "You don't have access" (no redirect, so no loop)
 *   still loading          -> a skeleton, never a flash of the sign-in page
 * Loaded lazily (see routes.tsx), so none of this weighs on the accept-invite page.
 */
export function RequireUser({ role }: { role?: "ADMIN" }) {
  const me = useMe();
  const { pathname, search, hash } = useLocation();

  // Data first: a failed background refetch keeps the page for someone already signed in.
  if (me.data) return role && me.data.role !== role ? <NoAccess /> : <Outlet />;
  if (me.data === null) return <Redirect to={signInPath(pathname + search + hash)} />;
  if (me.isError) {
    return (
      <Alert
        tone="error"
        role="alert"
        title="We couldn't check whether you're signed in"
        actions={
          <Button variant="secondary" size="sm" loading={me.isFetching} onClick={() => void me.refetch()}>
            Try again
          </Button>
        }
      >
        Check your connection and try again.
      </Alert>
    );
  }
  return <PageSkeleton />;
}

function NoAccess() {
  return (
    <div className="mx-auto max-w-md py-12 text-center">
      <title>No access · Invitations</title>
      <p className="text-sm font-semibold text-accent-700">403</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-gray-900 sm:text-3xl">You don't have access</h1>
      <p className="mt-3 text-base text-gray-600">
        This part of the app is for administrators. If you need it, ask an administrator to change your role.
      </p>
      <Link to="/" className={buttonClassName({ className: "mt-8" })}>
        Go to the home page
      </Link>
    </div>
  );
}
