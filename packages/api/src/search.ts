/**
 * A search box's text for Prisma's `contains`, which puts it between `%` wildcards as it is:
 * `%`, `_` and `\` (PostgreSQL's LIKE escape) would act as patterns, so `%` matched every row.
 * Escaped, each matches only itself, and the pattern still uses the trigram index.
 */
export function literalContains(search: string): string {
  return search.replace(/[\\%_]/g, "\\$&");
}
