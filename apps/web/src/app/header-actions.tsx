import { lazy, Suspense, type ReactNode } from "react";
import { Link } from "react-router";
import { buttonClassName } from "../components/ui/button.tsx";
import { useMe } from "../lib/use-me.ts";

// The account menu (radix dropdown, sign-out) is only for signed-in people: load it on demand.
const UserMenu = lazy(() => import("../components/user-menu.tsx"));

/** Right-hand side of the header: "Sign in", or the signed-in user's menu. */
export default function HeaderActions({ pathname, placeholder }: { pathname: string; placeholder: ReactNode }) {
  const me = useMe();
  if (me.data) {
    return (
      <Suspense fallback={placeholder}>
        <UserMenu user={me.data} />
      </Suspense>
    );
  }
  if (me.isPending) return placeholder;
  // The sign-in and setup pages are the way in already.
  if (pathname === "/sign-in" || pathname.startsWith("/setup/")) return null;
  return (
    <Link to="/sign-in" className={buttonClassName({ variant: "secondary", size: "sm" })}>
      Sign in
    </Link>
  );
}
