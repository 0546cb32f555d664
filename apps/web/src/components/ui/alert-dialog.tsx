import type { ComponentProps, ReactNode } from "react";
import { AlertDialog as AlertDialogPrimitive } from "radix-ui";
import { Button } from "./button.tsx";
import { cx } from "./cx.ts";
import { contentClassName, descriptionClassName, DialogFooter, overlayClassName, titleClassName } from "./dialog.tsx";

/*
 * A confirmation that needs an explicit answer: the overlay does not close it and
 * focus starts on Cancel. Prefer `ConfirmDialog`; the primitives are exported for
 * anything it doesn't cover.
 */

export const AlertDialog = AlertDialogPrimitive.Root;
export const AlertDialogTrigger = AlertDialogPrimitive.Trigger;
export const AlertDialogCancel = AlertDialogPrimitive.Cancel;
export const AlertDialogAction = AlertDialogPrimitive.Action;

type AlertDialogContentProps = Omit<ComponentProps<typeof AlertDialogPrimitive.Content>, "title"> & {
  title: ReactNode;
  description: ReactNode;
};

export function AlertDialogContent({ title, description, className, children, ...props }: AlertDialogContentProps) {
  return (
    <AlertDialogPrimitive.Portal>
      <AlertDialogPrimitive.Overlay className={overlayClassName} />
      <AlertDialogPrimitive.Content className={cx(contentClassName, "max-w-md", className)} {...props}>
        <AlertDialogPrimitive.Title className={titleClassName}>{title}</AlertDialogPrimitive.Title>
        <AlertDialogPrimitive.Description className={descriptionClassName}>{description}</AlertDialogPrimitive.Description>
        {children}
      </AlertDialogPrimitive.Content>
    </AlertDialogPrimitive.Portal>
  );
}

type ConfirmDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** Red confirm button for destructive actions (revoke, sign out everywhere). */
  destructive?: boolean;
  /** While true the confirm button spins and the dialog stays open; close it yourself on success. */
  pending?: boolean;
  onConfirm: () => void;
  /** Extra content between the description and the buttons, e.g. an error Alert. */
  children?: ReactNode;
};

/**
 * Controlled confirmation for async actions:
 *   const revoke = useMutation(trpc.invitation.revoke.mutationOptions({ onSuccess: () => setOpen(false) }));
 *   <ConfirmDialog open={open} onOpenChange={setOpen} destructive pending={revoke.isPending}
 *     title="Revoke invitation?" description="The link stops working." confirmLabel="Revoke"
 *     onConfirm={() => revoke.mutate({ id })} />
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  cancelLabel = "Cancel",
  destructive = false,
  pending = false,
  onConfirm,
  children,
}: ConfirmDialogProps) {
  return (
    <AlertDialog open={open} onOpenChange={(next) => (pending ? undefined : onOpenChange(next))}>
      <AlertDialogContent title={title} description={description}>
        {children && <div className="mt-4">{children}</div>}
        <DialogFooter>
          <AlertDialogCancel asChild>
            <Button variant="secondary" disabled={pending}>
              {cancelLabel}
            </Button>
          </AlertDialogCancel>
          {/* A plain button, not AlertDialog.Action, so the dialog stays open while pending. */}
          <Button variant={destructive ? "danger" : "primary"} loading={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </DialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
