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
