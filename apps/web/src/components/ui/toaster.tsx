import { lazy, Suspense, useEffect, useSyncExternalStore } from "react";
import type * as Sonner from "sonner";

/**
 * Toasts, with sonner loaded by the first one: most visits (an invitee opening a link) never
 * raise a toast, so its code stays out of what they download. Call `toast.success("Saved")`
 * anywhere; the toaster mounts, then shows it; toasts are announced politely to screen readers.
 */
let sonner: Promise<typeof Sonner> | undefined;
let wanted = false;
const listeners = new Set<() => void>();
let markMounted: () => void = () => {};
const mounted = new Promise<void>((resolve) => (markMounted = resolve));

function loadSonner(): Promise<typeof Sonner> {
  if (!sonner) {
    sonner = import("sonner");
    wanted = true;
    for (const listener of listeners) listener();
  }
  return sonner;
}

type ToastKind = "success" | "error" | "info";
type Show = (message: Parameters<typeof Sonner.toast.success>[0], data?: Parameters<typeof Sonner.toast.success>[1]) => void;

/** Shown once the toaster is on the page, so no toast raised before it is lost. */
function show(kind: ToastKind): Show {
  return (message, data) => {
    void loadSonner().then(async (module) => {
      await mounted;
      module.toast[kind](message, data);
    });
  };
}

export const toast = { success: show("success"), error: show("error"), info: show("info") };

const SonnerToaster = lazy(async () => {
  const { Toaster } = await loadSonner();
  function MountedToaster() {
    useEffect(() => markMounted(), []);
    return (
      <Toaster
        position="bottom-right"
        closeButton
        richColors
        duration={5000}
        toastOptions={{ className: "font-sans" }}
        containerAriaLabel="Notifications"
      />
    );
  }
  return { default: MountedToaster };
});

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Mounted once in main.tsx; renders nothing until the first toast. */
export function Toaster() {
  const needed = useSyncExternalStore(subscribe, () => wanted);
  return needed ? (
    <Suspense>
      <SonnerToaster />
    </Suspense>
  ) : null;
}
