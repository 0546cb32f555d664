import { isSafeRedirect } from "@invite/schemas";
import { useEffect } from "react";
import { useNavigate } from "react-router";

export { isSafeRedirect };

/** Where to go after signing in: `next` when it is safe, otherwise the home page. */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  return next && isSafeRedirect(next) && !next.startsWith("/sign-in") ? next : fallback;
}

/**
 * Goes where the server said to after joining (`redirectTo` of accept and completeSignUp): a path
 * here through the router; an address on another origin, which the server allowed (TRUSTED_ORIGINS)
 * and checked again just now, with a full page load, since it is another app.
 */
export function goAfterJoining(redirectTo: string, navigate: (to: string, options: { replace: boolean }) => void | Promise<void>) {
  if (/^https?:\/\//i.test(redirectTo)) {
    const url = new URL(redirectTo);
    if (url.origin !== window.location.origin) return window.location.assign(url.href);
    return void navigate(safeNext(`${url.pathname}${url.search}${url.hash}`), { replace: true });
  }
  return void navigate(safeNext(redirectTo), { replace: true });
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
