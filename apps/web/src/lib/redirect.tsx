import { useEffect } from "react";
import { useNavigate } from "react-router";

/**
 * A same-origin relative path: `/x`, never `//host`, `/\host`, a scheme or control
 * characters. The same check as `isSafeRedirect` in @invite/schemas (fields.ts), which
 * the SPA can't import without pulling zod in; keep the two in step.
 */
export function isSafeRedirect(path: string): boolean {
  return (
    path.startsWith("/") &&
    !path.startsWith("//") &&
    !path.startsWith("/\\") &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\\]/.test(path) &&
    path.length <= 2048
  );
}

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
