import { defineConfig } from "prisma/config";

// Migrations are applied by src/migrate.ts (Prisma's schema engine as WebAssembly), so the
// CLI is only used for `prisma generate` here; on machines where the standard CLI works,
// `prisma migrate deploy` reads the same folder with DATABASE_URL set.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgres://localhost/unused" },
});
