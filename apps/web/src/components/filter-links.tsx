import { Link, type To } from "react-router";
import { useScrollFade } from "./scroll-fade.ts";
import { cx } from "./ui/cx.ts";

export interface FilterLink {
  label: string;
  to: To;
  current: boolean;
}

/**
 * A list's filters (All · Pending · Accepted …) as links, so each view has its own URL; the
 * current one raised. Full width on a phone; where even that is too narrow, the row scrolls
 * and its cut-off edge fades.
 */
export function FilterLinks({ label, links }: { label: string; links: FilterLink[] }) {
  const current = links.findIndex((link) => link.current);
  const [rowRef, rowStyle] = useScrollFade<HTMLElement>(current);
  return (
    <nav
      ref={rowRef}
      style={rowStyle}
      aria-label={label}
      className="-mx-4 -my-1 overflow-x-auto px-4 py-1 [scrollbar-width:none] sm:mx-0 sm:px-0"
    >
      <ul className="flex w-max min-w-full gap-0.5 rounded-lg bg-gray-100 p-1 sm:min-w-0 sm:gap-1">
        {links.map((link) => (
          <li key={link.label} className="flex-1">
            <Link
              to={link.to}
              aria-current={link.current ? "page" : undefined}
              className={cx(
                "block rounded-md px-2 py-1.5 text-center text-sm font-medium whitespace-nowrap transition-colors sm:px-3",
                link.current ? "bg-white text-gray-900 shadow-xs ring-1 ring-gray-950/5" : "text-gray-600 hover:text-gray-900",
              )}
            >
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
