import { defineConfig } from "vite";

// The package's JavaScript: one ES module, with what it uses of @invite/schemas (the reasons
// and their messages, the enums) written in, and its dependencies left to the app's bundler.
// The declarations are bundled by rollup.config.mjs.
export default defineConfig({
  root: import.meta.dirname,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    lib: { entry: "src/index.ts", formats: ["es"], fileName: "index" },
    rolldownOptions: { external: ["@trpc/client", "superjson"] },
  },
});
