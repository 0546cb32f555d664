import { lazy, useSyncExternalStore, type ComponentType } from "react";

/*
 * Route-level code splitting. `lazyPage(() => import("../pages/admin.tsx"))` is
 * React.lazy plus a shared "a page is downloading" flag, which the layout shows
 * as a progress bar: React Router renders navigations in a transition, so the
 * old page stays on screen until the new one has loaded.
 */

let loading = 0;
const listeners = new Set<() => void>();

function track<T>(promise: Promise<T>): Promise<T> {
  const change = (delta: number) => {
    loading += delta;
    for (const listener of listeners) listener();
  };
  change(1);
  return promise.finally(() => change(-1));
}

export function lazyPage<T extends ComponentType>(load: () => Promise<{ default: T }>) {
  return lazy(() => track(load()));
}

export function usePageLoading(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => loading > 0,
  );
}
