import { useSyncExternalStore } from "react";

/*
 * Saying why someone is signed out. "signed-out": they pressed Sign out here. "ended": the
 * app knew them as signed in (this tab, or this browser before a reload) and the server no
 * longer does: signed out from another device, the password changed elsewhere, or expired.
 * In the entry chunk (trpc.ts watches `auth.me` with it), so it stays a few lines.
 */

export type SessionNotice = "signed-out" | "ended";

/** Set while this browser has someone signed in; survives reloads, so a reload can tell. */
const SIGNED_IN_KEY = "invitations.signedIn";

let notice: SessionNotice | null = null;
const listeners = new Set<() => void>();

function setNotice(next: SessionNotice | null): void {
  if (notice === next) return;
  notice = next;
  for (const listener of listeners) listener();
}

function signedInHere(value?: boolean): boolean {
  try {
    if (value === true) localStorage.setItem(SIGNED_IN_KEY, "1");
    else if (value === false) localStorage.removeItem(SIGNED_IN_KEY);
    return localStorage.getItem(SIGNED_IN_KEY) === "1";
  } catch {
    return false; // storage blocked: only this tab's own knowledge counts
  }
}

/** Someone signed in in this tab before the page was (re)loaded, as far as storage says. */
let known = signedInHere();

/** The cached `auth.me` has a new value: a user, or `null` for nobody. */
export function sawMe(me: unknown): void {
  if (me) {
    if (!known) known = signedInHere(true) || true;
    setNotice(null);
  } else if (me === null && known) {
    known = signedInHere(false);
    setNotice("ended");
  }
}

/** Signing out here, on purpose: call before the cache forgets the user. */
export function signedOutHere(): void {
  known = signedInHere(false);
  setNotice("signed-out");
}

export function dismissSessionNotice(): void {
  setNotice(null);
}

export function useSessionNotice(): SessionNotice | null {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => notice,
  );
}
