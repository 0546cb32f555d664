/*
 * Invitation links this tab has seen (from `create` or `resend`). The server keeps only a
 * hash, so a link can't be fetched again later; remembering it here (in memory only, never
 * in storage) lets "Copy link" copy at once instead of replacing the link. A link is only
 * offered back while the invitation is still on the send it came from: any later send,
 * by anyone, makes it stale and it is dropped.
 */

const links = new Map<string, { url: string; sendCount: number }>();

export function rememberLink(invitation: { id: string; sendCount: number }, url: string): void {
  links.set(invitation.id, { url, sendCount: invitation.sendCount });
}

export function recallLink(invitation: { id: string; sendCount: number; status: string }): string | null {
  const known = links.get(invitation.id);
  if (!known) return null;
  // A list fetched before our own send is only behind: keep the link for when it catches up.
  if (invitation.sendCount < known.sendCount) return null;
  if (invitation.sendCount > known.sendCount || invitation.status !== "PENDING") {
    links.delete(invitation.id);
    return null;
  }
  return known.url;
}
