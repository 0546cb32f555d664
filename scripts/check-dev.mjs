// Checks that `pnpm dev` keeps the README's word, by starting it for real (a minute or two, so
// it is not in the test suite): `node scripts/check-dev.mjs`. It starts scripts/dev.mjs with
// its own API_PORT, DEV_APP_URL, DATA_DIR and LOG_LEVEL and checks each is honoured through
// Vite's proxy, then that a taken port stops it in one line. It stops everything it started.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dev = path.join(root, "scripts", "dev.mjs");
const results = [];
const check = (name, ok, detail = "") => {
  results.push(ok);
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${ok || !detail ? "" : `: ${detail}`}`);
};

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs dev.mjs in its own process group, so the whole tree (turbo, pnpm, Vite, tsx) can be stopped. */
function startDev(env) {
  const child = spawn(process.execPath, [dev], { cwd: root, env: { ...process.env, ...env }, detached: true });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    stop: async () => {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}

async function waitFor(url, seconds) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      const response = await fetch(url);
      if (response.ok) return response;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return null;
}

const apiPort = await freePort();
const webPort = await freePort();
const web = `http://localhost:${webPort}`;
const dataDir = mkdtempSync(path.join(tmpdir(), "invite-check-dev-"));
const env = { API_PORT: String(apiPort), DEV_APP_URL: web, DATA_DIR: dataDir, LOG_LEVEL: "debug", SMTP_URL: "" };

console.log(`pnpm dev with API_PORT=${apiPort} DEV_APP_URL=${web} DATA_DIR=${dataDir} LOG_LEVEL=debug`);
const run = startDev(env);
try {
  const health = await waitFor(`${web}/trpc/health`, 240);
  check("Vite listens on DEV_APP_URL's port and proxies /trpc to the API", health !== null, run.output().slice(-2000));
  if (health) {
    const body = await health.json();
    check("the API answers on the embedded database", body?.result?.data?.json?.database === "embedded", JSON.stringify(body));
    check(`the API listens on API_PORT (${apiPort})`, (await fetch(`http://localhost:${apiPort}/healthz`)).ok);
    const write = await fetch(`${web}/trpc/auth.signOut`, {
      method: "POST",
      headers: { origin: web, "content-type": "application/json" },
      body: "{}",
    });
    const reason = (await write.json())?.error?.json?.data?.reason;
    check("APP_URL follows DEV_APP_URL: a write from the page's Origin passes the Origin check", reason === "UNAUTHENTICATED", reason);
    check("DATA_DIR is honoured: the embedded database is there", existsSync(path.join(dataDir, "database.lock")));
    check("LOG_LEVEL is honoured: debug lines are logged", run.output().includes('"level":20'));
  }
} finally {
  await run.stop();
}

// A taken port: pnpm dev stops at once with one line, rather than move Vite elsewhere.
const holder = createServer().listen(webPort, "127.0.0.1");
await new Promise((resolve) => holder.once("listening", resolve));
const refused = startDev(env);
const code = await Promise.race([refused.exited, new Promise((resolve) => setTimeout(() => resolve("timeout"), 30_000))]);
await refused.stop();
holder.close();
check("a taken DEV_APP_URL port stops pnpm dev with one line", code === 1 && refused.output().includes(`Port ${webPort} (DEV_APP_URL ${web}) is in use`), `${code}: ${refused.output()}`);

rmSync(dataDir, { recursive: true, force: true });
const failed = results.filter((ok) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
