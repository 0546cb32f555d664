// `pnpm bench [name…]`: builds what changed (so our server runs compiled, as `pnpm start` runs
// it), then runs each benchmark in its own process, in turn, and prints one table.
// Benchmarks print figures; they never fail the build. Results also go to bench/results/last-run.json.
import { fork, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const BENCHES = ["peer.ts", "auth-me.ts", "sign-in.ts", "invitation-create.ts", "invitation-list.ts", "analytics.ts", "bulk-invite.ts", "outbox-delivery.ts", "embedded-memory.ts", "bundle.mjs"];
// Each; a stuck benchmark is stopped, the rest still run. peer.ts starts three servers and loads each thrice.
const TIME_LIMIT_MS = { "peer.ts": 15 * 60_000, default: 4 * 60_000 };

const only = process.argv.slice(2);
const chosen = BENCHES.filter((file) => !only.length || only.some((name) => file.startsWith(name)));
const rows = [];

const loadAtStart = loadavg();
console.log(`Node ${process.version}, ${availableParallelism()} CPUs, load average ${loadAtStart.map((l) => l.toFixed(2)).join(" ")}`);
if (process.env.BENCH_BUILD !== "0") {
  // turbo replays unchanged packages from its cache. BENCH_BUILD=0 measures whatever is built.
  const turbo = fileURLToPath(new URL("../node_modules/.bin/turbo", import.meta.url));
  const root = fileURLToPath(new URL("..", import.meta.url));
  const build = spawnSync(turbo, ["run", "build", "--output-logs=errors-only"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) console.log("(the build failed: our server runs from the last build, or from its TypeScript if there is none)");
}
for (const file of chosen) {
  const name = file.replace(/\.\w+$/, "");
  const load = loadavg()[0];
  if (load > availableParallelism()) console.log(`\n(note: load average ${load.toFixed(1)} before ${name}: the machine is busy, figures will be low)`);
  const limit = TIME_LIMIT_MS[file] ?? TIME_LIMIT_MS.default;
  const status = await new Promise((resolve) => {
    const child = fork(new URL(file, import.meta.url), {
      execArgv: file.endsWith(".ts") ? ["--import", "tsx"] : [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), limit); // SIGTERM: it stops its servers and drops its databases
    child.on("message", ({ bench, figures }) => rows.push(...figures.map((f) => ({ bench, ...f }))));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(signal ? `stopped after ${limit / 60_000} min` : code === 0 ? "ok" : `failed (exit ${code})`);
    });
  });
  if (status !== "ok") rows.push({ bench: name, figure: "run", value: status });
}

const table = [["benchmark", "figure", "value", "target", ""], ...rows.map((r) => [
  r.bench, r.figure, r.value, r.target ?? "", r.target ? (r.met ? "met" : "MISSED") : "",
])];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
console.log(`\n${"=".repeat(widths.reduce((a, b) => a + b + 2, 0))}`);
for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
const loadAtEnd = loadavg();
console.log(`\nload average at start ${loadAtStart.map((l) => l.toFixed(2)).join(" ")}, at end ${loadAtEnd.map((l) => l.toFixed(2)).join(" ")}` +
  (Math.max(loadAtStart[0], loadAtEnd[0]) > availableParallelism() / 2 ? ": a busy machine; targets are only meaningful on a quiet one" : ""));

mkdirSync(new URL("results/", import.meta.url), { recursive: true });
writeFileSync(new URL("results/last-run.json", import.meta.url), JSON.stringify({ date: new Date(), loadAtStart, loadAtEnd, rows }, null, 2));
