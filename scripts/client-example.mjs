// `node scripts/client-example.mjs`: packs @invite/client and installs it into examples/react-client
// as an app outside the monorepo would (npm, from the tarball), then proves the package stands
// alone: the app type-checks with create-vite's own tsconfig, with no Node types, no Prisma and
// no server source in its program (`tsc --listFiles`), and builds. e2e/client-example.spec.ts
// then serves that build against the real server. Run by `pnpm test` before Playwright.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const example = path.join(root, "examples/react-client");
const packed = path.join(example, ".client");

/** What must never be in the app's program: each would mean the package leans on the server. */
const FORBIDDEN = [
  { pattern: /[\\/]node_modules[\\/]@types[\\/]node[\\/]/, what: "Node's types (@types/node)" },
  { pattern: /[\\/]node_modules[\\/](@prisma|\.prisma|prisma)[\\/]/, what: "Prisma" },
  { pattern: /[\\/]packages[\\/](api|db|schemas)[\\/]/, what: "the monorepo's server source" },
  { pattern: /[\\/]node_modules[\\/](@electric-sql|pg|@node-rs|zod)[\\/]/, what: "a server dependency" },
];

// `pnpm exec` puts a relative ./node_modules/.bin first on PATH, and turbo would then look for
// pnpm relative to each package it builds: absolute entries only.
const env = { ...process.env, PATH: (process.env.PATH ?? "").split(path.delimiter).filter((dir) => path.isAbsolute(dir)).join(path.delimiter) };

function run(command, args, options = {}) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}`);
  return result;
}

try {
  // 1. The tarball, from the package's build (`pnpm build` made it; turbo replays it from its cache).
  run(path.join(root, "node_modules/.bin/turbo"), ["run", "build", "--filter=@invite/client", "--output-logs=errors-only"], { cwd: root });
  rmSync(packed, { recursive: true, force: true });
  mkdirSync(packed, { recursive: true });
  run("pnpm", ["--filter", "@invite/client", "pack", "--pack-destination", packed], { cwd: root });
  const [tarball] = readdirSync(packed).filter((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball into ${packed}`);
  renameSync(path.join(packed, tarball), path.join(packed, "invite-client.tgz"));

  // 2. Installed with npm, as anyone outside would: a fresh copy of the package every time.
  rmSync(path.join(example, "node_modules/@invite"), { recursive: true, force: true });
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: example });

  // 3. The app's program, as create-vite's tsconfig.app.json makes it.
  const tsc = path.join(example, "node_modules/.bin/tsc");
  console.log(`$ tsc -p tsconfig.app.json --listFiles`);
  const listed = spawnSync(tsc, ["-p", "tsconfig.app.json", "--listFiles"], { cwd: example, env, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`tsc failed:\n${listed.stdout}${listed.stderr}`);
  const files = listed.stdout.split("\n").filter(Boolean);
  const clientTypes = files.filter((file) => /[\\/]node_modules[\\/]@invite[\\/]client[\\/]dist[\\/]index\.d\.ts$/.test(file));
  if (clientTypes.length !== 1) throw new Error("the app's program does not include @invite/client's declarations");
  const problems = FORBIDDEN.flatMap(({ pattern, what }) =>
    files.filter((file) => pattern.test(file)).map((file) => `${what}: ${file}`),
  );
  if (problems.length) throw new Error(`the app's program reaches past @invite/client:\n  ${problems.join("\n  ")}`);
  console.log(`${files.length} files in the app's program: @invite/client's one declaration file, no Node types, no Prisma, no server source`);

  // 4. Its build (`tsc -b && vite build`), which the browser test serves.
  run("npm", ["run", "build", "--silent"], { cwd: example });
  if (!existsSync(path.join(example, "dist/index.html"))) throw new Error("the build wrote no dist/index.html");
  console.log("client example: packed, installed, type-checked and built");
} catch (error) {
  console.error(`client example: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
