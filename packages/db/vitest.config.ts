import { defineConfig } from "vitest/config";

// `pnpm --filter @invite/db test` runs on the embedded database; TEST_DB=postgres runs the same
// tests on the PostgreSQL server (the root config runs both). A fresh PGlite boots in seconds.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
