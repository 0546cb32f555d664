// `pnpm start`: builds what changed (turbo replays the rest from its cache), then runs the
// compiled server, which serves the built SPA: plain JavaScript, no TypeScript transpiler.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// e2e and CI run this file with plain node: put the workspace's own turbo and pnpm (a root
// devDependency, which turbo runs each package's build with) on PATH.
const bin = fileURLToPath(new URL("../node_modules/.bin", import.meta.url));
const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
const build = spawnSync("turbo", ["run", "build", "--output-logs=errors-only"], { cwd: root, stdio: "inherit", env });
if (build.status !== 0) process.exit(build.status ?? 1);

// `@invite/dist` makes the workspace packages resolve to their compiled dist/ (their exports
// map); source maps put TypeScript file names and lines in stack traces. The rest keeps an
// idle server small (bench/README.md, memory): WebAssembly (Prisma's query compiler, PGlite)
// stays on V8's baseline compiler, whose optimizing tier cost ~80 MB for no speed we measured,
// and glibc keeps two malloc arenas instead of one per thread that ever allocated.
const server = spawn(
  process.execPath,
  [
    "--conditions=@invite/dist",
    "--enable-source-maps",
    "--liftoff-only",
    fileURLToPath(new URL("../apps/server/dist/main.js", import.meta.url)),
  ],
  { stdio: "inherit", env: { MALLOC_ARENA_MAX: "2", ...process.env } },
);
// The server stops itself cleanly on these (it flushes the embedded database): pass them on.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
