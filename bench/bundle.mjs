// Initial JS of the accept page /invite/:token, gzipped: builds the SPA, then asks
// apps/web/scripts/bundle-size.mjs (the entry chunk plus its modulepreloads) and reports its total.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const pnpm = fileURLToPath(new URL("../node_modules/pnpm/bin/pnpm.cjs", import.meta.url)); // the pinned pnpm
const run = (args) => spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });

console.log("\nbundle: initial JS of /invite/:token, gzipped");
const build = run([pnpm, "--filter", "@invite/web", "build"]);
if (build.status !== 0) {
  console.error(build.stdout, build.stderr);
  process.exit(1);
}
const size = run(["apps/web/scripts/bundle-size.mjs"]); // exits 1 over budget; we only report
const total = /([\d.]+) kB\s+initial JS, gzipped \(budget ([\d.]+) kB\)/.exec(size.stdout);
if (!total) {
  console.error("bundle-size.mjs printed no total:", size.stdout, size.stderr);
  process.exit(1);
}
for (const line of size.stdout.trim().split("\n").slice(0, -1)) console.log(`  ${line.trim()}`);

const [kB, budget] = [Number(total[1]), Number(total[2])];
const figures = [{ figure: "initial JS (gzip)", value: `${kB.toFixed(1)} kB`, target: `≤ ${budget} kB`, met: kB <= budget }];
for (const f of figures) console.log(`  ${f.figure.padEnd(36)} ${f.value}  (target ${f.target}: ${f.met ? "met" : "missed"})`);
process.send?.({ bench: "bundle", figures });
