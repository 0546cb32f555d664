/** Joins class names, skipping falsy ones. A caller's `className` comes last. */
export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(" ");
}
