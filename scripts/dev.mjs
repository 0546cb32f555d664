// `pnpm dev`: Vite with hot reload and the API in watch mode, configured as `pnpm start` is.
// - The root `.env` is read here (variables already set win), so both processes see it.
// - Every variable reaches them: turbo's default strict mode would pass only those listed in
//   turbo.json, and drop the rest without a word (`--env-mode=loose`; dev is never cached).
// - DATA_DIR is resolved against the repository root, as `pnpm start` run there resolves it,
//   so both use one embedded database (its lock refuses the second while the first runs).
// - The API listens on API_PORT (3001) and takes APP_URL=DEV_APP_URL (http://localhost:5173);
//   Vite listens on DEV_APP_URL's port and stops if it is taken, rather than move to another
//   port whose Origin the API would refuse.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The variables `pnpm dev` sets from its own (API_PORT, DEV_APP_URL), with their defaults. */
export function devEnvironment(env, repositoryRoot) {
  const apiPort = env.API_PORT || "3001";
  const appUrl = env.DEV_APP_URL || "http://localhost:5173";
  const webUrl = URL.canParse(appUrl) ? new URL(appUrl) : null;
  if (webUrl?.protocol !== "http:" && webUrl?.protocol !== "https:") {
    throw new Error(`Invalid DEV_APP_URL: ${appUrl} is not an http(s) URL; write it like http://localhost:5173.`);
  }
  const webPort = webUrl.port || (webUrl.protocol === "https:" ? "443" : "80");
  return {
    API_PORT: apiPort,
    DEV_APP_URL: webUrl.origin,
    WEB_PORT: webPort,
    PORT: apiPort,
    APP_URL: webUrl.origin,
    DATA_DIR: path.resolve(repositoryRoot, env.DATA_DIR || ".data"),
    // The server reads `.env` and relative paths from the folder a command was run in.
    INIT_CWD: repositoryRoot,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const envFile = path.join(root, ".env");
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  let devEnv;
  try {
    devEnv = devEnvironment(process.env, root);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  // Said up front in one line, before anything starts (Vite's strictPort would say it too, under a stack trace).
  const taken = [
    [devEnv.WEB_PORT, "localhost", `Port ${devEnv.WEB_PORT} (DEV_APP_URL ${devEnv.DEV_APP_URL}) is in use: stop what holds it, or set DEV_APP_URL to a free port.`],
    [devEnv.API_PORT, process.env.HOST, `Port ${devEnv.API_PORT} (API_PORT) is in use: stop what holds it, or set API_PORT to a free port.`],
  ];
  for (const [port, host, message] of taken) {
    if (await portTaken(Number(port), host)) {
      console.error(message);
      process.exit(1);
    }
  }
  const bin = path.join(root, "node_modules", ".bin");
  const env = { ...process.env, ...devEnv, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
  const turbo = spawn("turbo", ["run", "dev", "--env-mode=loose", ...process.argv.slice(2)], { cwd: root, stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => turbo.kill(signal));
  turbo.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function portTaken(port, host) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (error) => resolve(error.code === "EADDRINUSE"));
    probe.listen({ port, host }, () => probe.close(() => resolve(false)));
  });
}
