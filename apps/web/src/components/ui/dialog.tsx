import type { ComponentProps, ReactNode } from "react";
import { Dialog as DialogPrimitive } from "radix-ui";
import { cx } from "./cx.ts";

/*
 * A modal dialog (radix-ui): focus is trapped and restored, Escape and the overlay
 * close it, the title labels it. It never gets wider or taller than the screen (less a
 * margin), and long words (email addresses) wrap inside it. Usage:
 *   <Dialog open={open} onOpenChange={setOpen}>
 *     <DialogTrigger asChild><Button>Invite</Button></DialogTrigger>
 *     <DialogContent title="Invite someone" description="...">...<DialogFooter>...</DialogFooter></DialogContent>
 *   </Dialog>
 */

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;

export const overlayClassName =
  "fixed inset-0 z-40 bg-gray-950/40 backdrop-blur-[1px] data-[state=open]:animate-fade-in";

export const contentClassName =
  "fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 " +
  "overflow-y-auto rounded-xl bg-white p-5 shadow-xl ring-1 ring-gray-950/5 sm:p-6 data-[state=open]:animate-pop-in " +
  "wrap-break-word focus-visible:outline-none";

const focusable =
  'a[href], button:not(:disabled), input:not(:disabled):not([type="hidden"]), select:not(:disabled), ' +
  'textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

export const titleClassName = "text-lg font-semibold text-gray-900";
export const descriptionClassName = "mt-1.5 text-sm text-gray-600";

type DialogContentProps = Omit<ComponentProps<typeof DialogPrimitive.Content>, "title"> & {
  title: ReactNode;
  description?: ReactNode;
  /** Hide the corner close button (Escape and the overlay still close). */
  hideClose?: boolean;
};

export function DialogContent({ title, description, hideClose, className, children, onOpenAutoFocus, ...props }: DialogContentProps) {
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className={overlayClassName} />
      <DialogPrimitive.Content
        className={cx(contentClassName, className)}
        // Without a description, tell radix there is none on purpose.
        {...(description ? {} : { "aria-describedby": undefined })}
        {...props}
        // The close button is first in tab order (Tab from the last button wraps to it, and
        // Shift+Tab from the first field reaches it), but opening starts on the content: its
        // first focusable, as before (a caller's own choice wins), else radix's default.
        onOpenAutoFocus={(event) => {
          onOpenAutoFocus?.(event);
          if (event.defaultPrevented) return;
          const body = (event.currentTarget as HTMLElement | null)?.querySelector("[data-dialog-body]");
          const first = [...(body?.querySelectorAll<HTMLElement>(focusable) ?? [])].find((el) => el.getClientRects().length > 0);
          if (first) {
            event.preventDefault();
            first.focus();
          }
        }}
      >
        {/* First in the DOM, so first in tab order; placed in the top-right corner. */}
        {!hideClose && (
          <DialogPrimitive.Close
            className="absolute top-4 right-4 grid size-8 place-items-center rounded-md text-gray-500 hover:bg-gray-100 hover:text-gray-900"
            aria-label="Close"
          >
            <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-5">
              <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
            </svg>
          </DialogPrimitive.Close>
        )}
        <div className="pr-8">
          <DialogPrimitive.Title className={titleClassName}>{title}</DialogPrimitive.Title>
          {description && (
            <DialogPrimitive.Description className={descriptionClassName}>{description}</DialogPrimitive.Description>
          )}
        </div>
        <div className="mt-5" data-dialog-body>
          {children}
        </div>
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

/** Buttons at the bottom of a dialog: stacked on phones, right-aligned from `sm`. */
export function DialogFooter({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      className={cx("mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)}
      {...props}
    />
  );
}
