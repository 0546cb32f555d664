/** A middle dot between facts on one line, hidden where the line wraps on a phone. */
export function Separator() {
  return (
    <span aria-hidden="true" className="hidden text-gray-300 sm:inline">
      ·
    </span>
  );
}
