/*
 * Invite link URLs this tab has created. The server keeps only each token's hash, so a URL is
 * shown once, in `inviteLink.create`'s answer; remembering it here (in memory only, never in
 * storage) lets the list's "Copy link" work for the rest of this visit. A reload forgets them.
 */

const urls = new Map<string, string>();

export function rememberLinkUrl(id: string, url: string): void {
  urls.set(id, url);
}

export function recallLinkUrl(id: string): string | null {
  return urls.get(id) ?? null;
}
