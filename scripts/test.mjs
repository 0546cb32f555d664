// `pnpm test`: every check and suite, then one closing line `N passed, N failed[, N skipped]`.
// Build, typecheck and lint count as one check each; Vitest and Playwright count their tests.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const results = new URL("../.test-results/", import.meta.url);
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(label, command, args) {
  const ok = run(label, command, args);
  totals[ok ? "passed" : "failed"]++;
  if (!ok) failures.push(label);
}

function readJson(name) {
  try {
    return JSON.parse(readFileSync(new URL(name, results), "utf8"));
  } catch {
    return null;
  }
}

function suite(label, ok, counts) {
  if (!counts) {
    totals.failed++;
    failures.push(`${label} (no report)`);
    return;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (!ok || counts.failed > 0) failures.push(label);
  if (!ok && counts.failed === 0) totals.failed++;
}

check("build", "pnpm", ["build"]);
check("typecheck", "pnpm", ["typecheck"]);
check("lint", "pnpm", ["lint"]);

const vitestOk = run("vitest (unit, embedded, postgres)", "pnpm", [
  "exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${fileURLToPath(results)}vitest.json`,
]);
const vitest = readJson("vitest.json");
suite("vitest", vitestOk, vitest && {
  passed: vitest.numPassedTests,
  failed: vitest.numFailedTests,
  skipped: vitest.numPendingTests + vitest.numTodoTests,
});

// @invite/client as an app outside the monorepo gets it: packed, installed with npm, type-checked
// with create-vite's tsconfig (no Node, Prisma or server types), built; Playwright serves that build.
check("client example", "node", ["scripts/client-example.mjs"]);

const e2eOk = run("playwright (chromium)", "pnpm", ["exec", "playwright", "test", "-c", "e2e/playwright.config.ts"], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: fileURLToPath(new URL("e2e.json", results)),
});
const e2e = readJson("e2e.json");
suite("playwright", e2eOk, e2e && {
  passed: e2e.stats.expected + e2e.stats.flaky,
  failed: e2e.stats.unexpected,
  skipped: e2e.stats.skipped,
});

if (failures.length) console.log(`\nFailed: ${failures.join(", ")}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
