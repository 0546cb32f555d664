// `pnpm bench [name…]`: runs each benchmark in its own process, in turn, and prints one table.
// Benchmarks print figures; they never fail the build. Results also go to bench/results/last-run.json.
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";

const BENCHES = ["auth-me.ts", "sign-in.ts", "invitation-create.ts", "invitation-list.ts", "bundle.mjs"];
const TIME_LIMIT_MS = 4 * 60_000; // each; a stuck benchmark is stopped, the rest still run

const only = process.argv.slice(2);
const chosen = BENCHES.filter((file) => !only.length || only.some((name) => file.startsWith(name)));
const rows = [];

console.log(`Node ${process.version}, ${availableParallelism()} CPUs`);
try {
  import.meta.resolve("autocannon");
} catch {
  console.log("autocannon is not installed (a root devDependency): the HTTP benchmarks will fail.");
}
for (const file of chosen) {
  const name = file.replace(/\.\w+$/, "");
  const load = loadavg()[0];
  if (load > availableParallelism()) console.log(`\n(note: load average ${load.toFixed(1)} before ${name}: the machine is busy, figures will be low)`);
  const status = await new Promise((resolve) => {
    const child = fork(new URL(file, import.meta.url), {
      execArgv: file.endsWith(".ts") ? ["--import", "tsx"] : [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), TIME_LIMIT_MS); // SIGTERM: it drops its database
    child.on("message", ({ bench, figures }) => rows.push(...figures.map((f) => ({ bench, ...f }))));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(signal ? `stopped after ${TIME_LIMIT_MS / 60_000} min` : code === 0 ? "ok" : `failed (exit ${code})`);
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

mkdirSync(new URL("results/", import.meta.url), { recursive: true });
writeFileSync(new URL("results/last-run.json", import.meta.url), JSON.stringify({ date: new Date(), rows }, null, 2));
