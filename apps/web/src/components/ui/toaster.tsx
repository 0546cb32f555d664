import { Toaster as Sonner } from "sonner";

export { toast } from "sonner";

/**
 * Mounted once in main.tsx. Call `toast.success("Invitation sent")` /
 * `toast.error(...)` anywhere; toasts are announced politely to screen readers.
 */
export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      closeButton
      richColors
      duration={5000}
      toastOptions={{ className: "font-sans" }}
      containerAriaLabel="Notifications"
    />
  );
}
