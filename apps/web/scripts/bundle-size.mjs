// Prints what a first visit downloads before it can render, as the server sends it to a
// browser that takes brotli (the .br files the build wrote beside each file): dist/index.html,
// its entry script, modulepreloads and stylesheets. Fails when that exceeds the accept-invite
// page's budget. The accept page lives in the entry chunk (see src/app/routes.tsx), so this is
// its initial download; bench/bundle.mjs measures the whole of it in a browser (API answers,
// lazy chunks, headers). Run after `vite build`: `pnpm --filter @invite/web size`.
/* global console, process */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";

const BUDGET_BYTES = 120 * 1000;
const dist = join(import.meta.dirname, "..", "dist");
const html = readFileSync(join(dist, "index.html"), "utf8");
const files = [
  "index.html",
  ...[
    ...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\/([^"]+\.css)"/g),
  ].map((m) => m[1]),
];

/** The bytes sent: the build's .br file, or the file compressed now if the build left none. */
function sentBytes(file) {
  const br = join(dist, `${file}.br`);
  return existsSync(br) ? readFileSync(br).length : brotliCompressSync(readFileSync(join(dist, file))).length;
}

let total = 0;
for (const file of files) {
  const bytes = sentBytes(file);
  total += bytes;
  console.log(`${(bytes / 1000).toFixed(2).padStart(8)} kB  ${file}`);
}
console.log(`${(total / 1000).toFixed(2).padStart(8)} kB  initial files, brotli (budget ${BUDGET_BYTES / 1000} kB)`);
if (total > BUDGET_BYTES) {
  console.error("Over budget: move code behind a lazy route or a dynamic import.");
  process.exit(1);
}
