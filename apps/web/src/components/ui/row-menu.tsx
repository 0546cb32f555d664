import { DropdownMenu } from "radix-ui";
import type { ReactNode, Ref } from "react";
import { cx } from "./cx.ts";

/*
 * A table row's actions: a "⋯" button opening a menu, the same on the invitations and the
 * members pages. Items are `DropdownMenu.Item`s with `menuItemClassName`; dialogs they open
 * live outside the menu, which is gone by the time they close.
 */

export const menuItemClassName =
  "flex w-full cursor-default items-center gap-2.5 rounded-md px-2.5 py-2 text-sm text-gray-700 outline-none select-none " +
  "data-[highlighted]:bg-gray-100 data-[highlighted]:text-gray-900 data-[disabled]:opacity-50";

export const dangerItemClassName = cx(menuItemClassName, "text-red-700 data-[highlighted]:bg-red-50 data-[highlighted]:text-red-800");

export function RowMenu({
  label,
  busy = false,
  triggerRef,
  className,
  children,
}: {
  /** The trigger's accessible name, e.g. "Actions for ada@example.com". */
  label: string;
  /** An action from the menu is running: the trigger spins and waits. */
  busy?: boolean;
  triggerRef?: Ref<HTMLButtonElement>;
  className?: string;
  children: ReactNode;
}) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        ref={triggerRef}
        className={cx(
          "grid size-8 place-items-center rounded-md text-gray-500 transition-colors hover:bg-gray-100 hover:text-gray-900 data-[state=open]:bg-gray-100",
          className,
        )}
        aria-label={label}
        disabled={busy}
      >
        {busy ? (
          <span aria-hidden="true" className="size-4 animate-spin rounded-full border-2 border-gray-300 border-t-gray-600" />
        ) : (
          <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-5">
            <path d="M3 10a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0ZM8.5 10a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0ZM15.5 8.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Z" />
          </svg>
        )}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          collisionPadding={8}
          className="z-40 w-60 rounded-lg bg-white p-1.5 shadow-lg ring-1 ring-gray-950/10 data-[state=open]:animate-fade-in"
        >
          {children}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="-mx-1.5 my-1 h-px bg-gray-100" />;
}

export function MenuIcon({ d, className }: { d: string; className?: string }) {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className={cx("mt-0.5 size-4 shrink-0 self-start text-gray-500", className)}>
      <path fillRule="evenodd" clipRule="evenodd" d={d} />
    </svg>
  );
}
