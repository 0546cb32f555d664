import { useEffect, useRef, useState, type CSSProperties } from "react";

const FADE_REM = 2.5;
const FADE = `${FADE_REM}rem`;

/**
 * For a row of links that scrolls sideways when the screen is too narrow (the admin tabs, the
 * status filters): fades the edge that has more behind it, so a cut-off row doesn't pass for
 * the whole row, and scrolls the current link (`aria-current="page"`) into view.
 *
 * Put the returned `[ref, style]` on the scrolling element. `revealKey`: re-run the reveal when it
 * changes (e.g. the location), and re-measure when the children may have changed.
 */
export function useScrollFade<T extends HTMLElement>(revealKey?: unknown) {
  const ref = useRef<T>(null);
  const [edges, setEdges] = useState({ start: false, end: false });

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = () => {
      const start = element.scrollLeft > 1;
      const end = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
      setEdges((current) => (current.start === start && current.end === end ? current : { start, end }));
    };

    // The current link, fully in view and clear of the faded edges (the row starts
    // scrolled to the left otherwise): centred, as far as the row scrolls.
    const active = element.querySelector<HTMLElement>('[aria-current="page"]');
    if (active && element.scrollWidth > element.clientWidth) {
      const box = element.getBoundingClientRect();
      const link = active.getBoundingClientRect();
      const fade = FADE_REM * parseFloat(getComputedStyle(document.documentElement).fontSize);
      if (link.left < box.left + fade || link.right > box.right - fade) {
        element.scrollLeft += link.left - box.left - (box.width - link.width) / 2;
      }
    }

    update();
    element.addEventListener("scroll", update, { passive: true });
    // Its own size (rotation, resize) and its content's (web fonts, a link added later).
    const observer = new ResizeObserver(update);
    observer.observe(element);
    for (const child of element.children) observer.observe(child);
    return () => {
      element.removeEventListener("scroll", update);
      observer.disconnect();
    };
  }, [revealKey]);

  let style: CSSProperties | undefined;
  if (edges.start || edges.end) {
    const mask = `linear-gradient(to right, ${edges.start ? "transparent" : "#000"}, #000 ${FADE}, #000 calc(100% - ${FADE}), ${edges.end ? "transparent" : "#000"})`;
    style = { maskImage: mask, WebkitMaskImage: mask };
  }
  return [ref, style] as const;
}
