// `pnpm start`: builds once if needed, then runs the API (which serves the built SPA).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = fileURLToPath(new URL("..", import.meta.url));
const built = ["apps/web/dist/index.html", "packages/db/src/generated/prisma/client.ts"].every((file) =>
  existsSync(new URL(`../${file}`, import.meta.url)),
);
if (!built) {
  console.log("No build found; building first (pnpm build)…");
  const result = spawnSync("pnpm", ["build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

register();
await import("../apps/server/src/main.ts");
