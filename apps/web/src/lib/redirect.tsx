import { isSafeRedirect } from "@invite/schemas";
import { useEffect } from "react";
import { useNavigate } from "react-router";

export { isSafeRedirect };

/** Where to go after signing in: `next` when it is safe, otherwise the home page. */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  return next && isSafeRedirect(next) && !next.startsWith("/sign-in") ? next : fallback;
}

/**
 * `<Navigate replace>` for lazily loaded screens. React Router's own component would
 * have to sit in the entry chunk (react-router lives there) just for these pages.
 */
export function Redirect({ to }: { to: string }) {
  const navigate = useNavigate();
  useEffect(() => {
    navigate(to, { replace: true });
  }, [navigate, to]);
  return null;
}
