import type { ReactNode } from "react";
import { cx } from "./cx.ts";

type EmptyStateProps = {
  title: ReactNode;
  description?: ReactNode;
  /** A decorative icon (inline SVG); hidden from assistive tech. */
  icon?: ReactNode;
  /** Usually a Button or a Link styled with `buttonClassName()`. */
  action?: ReactNode;
  className?: string;
};

export function EmptyState({ title, description, icon, action, className }: EmptyStateProps) {
  return (
    <div
      className={cx(
        "flex flex-col items-center rounded-xl border border-dashed border-gray-300 px-6 py-12 text-center",
        className,
      )}
    >
      {icon && (
        <div aria-hidden="true" className="mb-4 grid size-12 place-items-center rounded-full bg-gray-100 text-gray-500">
          {icon}
        </div>
      )}
      <h2 className="text-base font-semibold text-gray-900">{title}</h2>
      {description && <p className="mt-1 max-w-sm text-sm text-gray-600">{description}</p>}
      {action && <div className="mt-6">{action}</div>}
    </div>
  );
}
