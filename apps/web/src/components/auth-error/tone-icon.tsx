import { cx } from "../ui/cx.ts";

export type Tone = "warning" | "error" | "info";

const toneStyles: Record<Tone, { box: string; path: string }> = {
  warning: {
    box: "bg-amber-50 text-amber-600 ring-amber-600/20",
    path: "M12 9v3.75m-9.3 3.38c-.87 1.5.22 3.37 1.95 3.37h14.7c1.73 0 2.82-1.87 1.95-3.37L13.95 3.38c-.87-1.5-3.03-1.5-3.9 0L2.7 16.13ZM12 15.75h.01v.01H12v-.01Z",
  },
  error: {
    box: "bg-red-50 text-red-600 ring-red-600/20",
    path: "M12 9v3.75m9-.75a9 9 0 1 1-18 0 9 9 0 0 1 18 0Zm-9 3.75h.01v.01H12v-.01Z",
  },
  info: {
    box: "bg-accent-50 text-accent-600 ring-accent-600/20",
    path: "m11.25 11.25.04-.02a.75.75 0 0 1 1.06.85l-.7 2.84a.75.75 0 0 0 1.06.85l.04-.02M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0Zm-9-3.75h.01v.01H12V8.25Z",
  },
};

export function ToneIcon({ tone }: { tone: Tone }) {
  const style = toneStyles[tone];
  return (
    <div aria-hidden="true" className={cx("grid size-12 place-items-center rounded-full ring-1 sm:mx-auto", style.box)}>
      <svg
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.75"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="size-6"
      >
        <path d={style.path} />
      </svg>
    </div>
  );
}
