// How the compiled server runs, in one place: `pnpm start` (scripts/start.mjs) and the
// benchmarks (bench/lib/our-server.ts) both start it this way.
import { fileURLToPath } from "node:url";

export const serverEntry = fileURLToPath(new URL("../apps/server/dist/main.js", import.meta.url));

/**
 * `@invite/dist` makes the workspace packages resolve to their compiled dist/ (their exports
 * map); source maps put TypeScript file names and lines in stack traces. `--liftoff-only`
 * keeps WebAssembly (Prisma's query compiler, PGlite) on V8's baseline compiler: its
 * optimizing tier took ~80 MB of compile memory. `--heap-growing-percent=50` lets the old
 * generation grow to 1.5× what survived the last full collection before the next one, where V8
 * would let it reach up to 4×: under load, what requests in flight hold outlives two young
 * collections, moves to the old generation and dies there, and the heap grew to ~190 MB for
 * ~50 MB alive. This cut the peak under load by ~60 MB, at no CPU cost we could measure
 * (bench/README.md, memory).
 */
export const serverNodeArgs = ["--conditions=@invite/dist", "--enable-source-maps", "--liftoff-only", "--heap-growing-percent=50"];

/** glibc keeps two malloc arenas instead of one per thread that ever allocated. */
export const serverProcessEnv = { MALLOC_ARENA_MAX: "2" };
