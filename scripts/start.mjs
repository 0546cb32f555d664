// `pnpm start`: builds what changed (turbo replays the rest from its cache), then runs the
// compiled server, which serves the built SPA: plain JavaScript, no TypeScript transpiler.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serverEntry, serverNodeArgs, serverProcessEnv } from "./server-command.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
// e2e and CI run this file with plain node: put the workspace's own turbo and pnpm (a root
// devDependency, which turbo runs each package's build with) on PATH.
const bin = fileURLToPath(new URL("../node_modules/.bin", import.meta.url));
const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
const build = spawnSync("turbo", ["run", "build", "--output-logs=errors-only"], { cwd: root, stdio: "inherit", env });
if (build.status !== 0) process.exit(build.status ?? 1);

const server = spawn(process.execPath, [...serverNodeArgs, serverEntry], {
  stdio: "inherit",
  env: { ...serverProcessEnv, ...process.env },
});
// The server stops itself cleanly on these (it flushes the embedded database): pass them on.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
