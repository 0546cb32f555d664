// Prints the gzipped size of the JavaScript a first visit downloads before it
// can render (the entry script plus its modulepreloads in dist/index.html) and
// fails when it exceeds the accept-invite page's budget. The accept page lives
// in the entry chunk (see src/app/routes.tsx), so this is its initial JS.
// Run after `vite build`: `pnpm --filter @invite/web size`.
/* global console, process */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 100 * 1000;
const dist = join(import.meta.dirname, "..", "dist");
const html = readFileSync(join(dist, "index.html"), "utf8");
const files = [
  ...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g),
].map((m) => m[1]);

let total = 0;
for (const file of files) {
  const bytes = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += bytes;
  console.log(`${(bytes / 1000).toFixed(2).padStart(8)} kB  ${file}`);
}
console.log(`${(total / 1000).toFixed(2).padStart(8)} kB  initial JS, gzipped (budget ${BUDGET_BYTES / 1000} kB)`);
if (total > BUDGET_BYTES) {
  console.error("Over budget: move code behind a lazy route or a dynamic import.");
  process.exit(1);
}
