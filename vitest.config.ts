import { defineConfig } from "vitest/config";

// `*.unit.test.ts` needs nothing; every other `*.test.ts` runs twice, once on the embedded
// database and once on the PostgreSQL server (each run creates and drops its own database).
const dbTests = ["packages/*/test/**/*.test.ts", "apps/server/test/**/*.test.ts"];
const unitTests = ["packages/*/test/**/*.unit.test.ts", "apps/server/test/**/*.unit.test.ts", "apps/web/src/**/*.unit.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // Both cores: most files wait on a database, SMTP or a child process, so two at once take
    // ~8 minutes where one at a time (Vitest's default on 2 CPUs) took ~12, which CI's 20 needs.
    maxWorkers: 2,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: unitTests } },
      { extends: true, test: { name: "embedded", include: dbTests, exclude: unitTests, env: { TEST_DB: "embedded" } } },
      { extends: true, test: { name: "postgres", include: dbTests, exclude: unitTests, env: { TEST_DB: "postgres" } } },
    ],
  },
});
