// How the compiled server runs, in one place: `pnpm start` (scripts/start.mjs) and the
// benchmarks (bench/lib/our-server.ts) both start it this way.
import { fileURLToPath } from "node:url";

export const serverEntry = fileURLToPath(new URL("../apps/server/dist/main.js", import.meta.url));

/**
 * `@invite/dist` makes the workspace packages resolve to their compiled dist/ (their exports
 * map); source maps put TypeScript file names and lines in stack traces. `--liftoff-only`
 * keeps WebAssembly (Prisma's query compiler, PGlite) on V8's baseline compiler: its
 * optimizing tier took ~80 MB of compile memory (bench/README.md, memory).
 */
export const serverNodeArgs = ["--conditions=@invite/dist", "--enable-source-maps", "--liftoff-only"];

/** glibc keeps two malloc arenas instead of one per thread that ever allocated. */
export const serverProcessEnv = { MALLOC_ARENA_MAX: "2" };
