// No zod here: the SPA's entry chunk imports this.

/** A same-origin relative path: `/x`, never `//host`, `/\host`, a scheme or control characters. */
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

/** The longest `redirectUrl` an invitation, a shareable link or the settings' default may have. */
export const REDIRECT_URL_MAX = 2048;
