// What an invitee downloads, measured in Chromium against the built app on the real server:
// the bytes on the wire (Chrome DevTools Protocol, Network.loadingFinished.encodedDataLength:
// headers and bodies, compressed as sent) until the accept page is usable, then until their
// password is set (typing brings the strength estimator; the accept call answers); and the page
// of a shareable invite link (/join/<token>) until someone can ask to join.
// The server starts as `pnpm start` starts it (scripts/start.mjs builds what changed first).
// 1 kB = 1,000 bytes.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";

const TARGETS = { usable: 120_000, password: 350_000 };
const ADMIN = { email: "bench-admin@example.com", password: "a sturdy bench passphrase 42" };
const INVITEE_PASSWORD = "violet kettle harbour drumroll 7";
const root = fileURLToPath(new URL("..", import.meta.url));

const SETUPS = [
  { label: "", env: {} },
  // With a provider configured the page also offers "Continue with GitHub": two more chunks.
  { label: " (with GitHub)", env: { GITHUB_CLIENT_ID: "bench-client", GITHUB_CLIENT_SECRET: "bench-secret" } },
];

console.log("\nbundle: what an invitee downloads (Chromium, bytes on the wire)");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const figures = [];
try {
  for (const setup of SETUPS) figures.push(...(await measure(setup)));
} finally {
  await browser.close();
}
process.send?.({ bench: "bundle", figures });

/** Starts a server, invites someone and follows them through the accept page. */
async function measure({ label, env }) {
  const server = await startServer(env);
  try {
    const { inviteUrl, joinUrl } = await inviteSomeone(server.origin);
    const context = await browser.newContext(); // an empty cache, as a first visit has
    const page = await context.newPage();
    const network = await watchNetwork(page);

    await page.goto(inviteUrl);
    const passwordField = page.getByLabel("Password", { exact: true });
    await passwordField.waitFor();
    await network.quiet();
    const usable = network.snapshot();

    await passwordField.fill(INVITEE_PASSWORD); // a keystroke: the estimator loads
    await page.getByText(/^Strength:/).waitFor();
    await network.quiet();
    const accepted = page.waitForResponse((response) => response.url().includes("/trpc/invitation.accept"));
    await page.getByRole("button", { name: "Accept invitation & sign in" }).click();
    if ((await accepted).status() !== 200) throw new Error(`invitation.accept answered ${(await accepted).status()}`);
    // The password is set once accept answers: what the page it lands on loads is counted apart.
    const password = await network.finished(network.count());
    await network.quiet();
    const landing = network.snapshot();
    await context.close();

    const joinContext = await browser.newContext();
    const joinPage = await joinContext.newPage();
    const joinNetwork = await watchNetwork(joinPage);
    await joinPage.goto(joinUrl);
    await joinPage.getByRole("button", { name: "Email me a link to join" }).waitFor();
    await joinNetwork.quiet();
    const join = joinNetwork.snapshot();
    await joinContext.close();

    console.log(`\n  the accept page${label}`);
    print("until it is usable", usable.requests);
    print("then, to set a password", password.requests.slice(usable.requests.length));
    print("then the page it lands on (not counted)", landing.requests.slice(password.requests.length));
    console.log(`\n  the invite link's page${label}`);
    print("until someone can ask to join", join.requests);
    const figures = [
      figure(`accept page usable${label}`, usable.bytes, TARGETS.usable),
      figure(`… password set, estimator incl.${label}`, password.bytes, TARGETS.password),
      figure(`invite link's page usable${label}`, join.bytes, TARGETS.usable),
    ];
    for (const f of figures) console.log(`  ${f.figure.padEnd(48)} ${f.value}  (target ${f.target}: ${f.met ? "met" : "MISSED"})`);
    return figures;
  } finally {
    await server.stop();
  }
}

/** `pnpm start` as a user runs it, on a free port and a throwaway embedded database with a first admin. */
async function startServer(env) {
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  const origin = `http://localhost:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "invite-bench-bundle-"));
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: "", INIT_CWD: "", LOG_LEVEL: "warn",
      ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SMTP_URL: "", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = async () => {
    process.off("SIGTERM", onSigterm);
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode ? resolve() : child.once("exit", resolve)));
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onSigterm = () => void stop().then(() => process.exit(1)); // run.mjs's time limit
  process.on("SIGTERM", onSigterm);
  try {
    await waitForHealth(origin, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, stop };
}

function figure(name, bytes, target) {
  return { figure: name, value: kB(bytes), target: `≤ ${kB(target)}`, met: bytes <= target };
}

function kB(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

function print(title, requests) {
  console.log(`  ${title}:`);
  for (const r of requests) {
    const name = new URL(r.url).pathname.replace(/^\/(invite|join)\/[^/]+/, "/$1/[token]");
    console.log(`    ${kB(r.bytes).padStart(9)}  ${(r.encoding ?? "-").padEnd(5)} ${name}`);
  }
}

function summary(requests) {
  return { requests, bytes: requests.reduce((sum, r) => sum + r.bytes, 0) };
}

/** Every request of the page, in order, with the bytes it took on the wire once finished. */
async function watchNetwork(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const requests = new Map();
  let inFlight = 0;
  let lastChange = Date.now();
  cdp.on("Network.requestWillBeSent", ({ requestId, request }) => {
    if (request.url.startsWith("data:")) return;
    // A redirect reuses its id: the hop's bytes are in the final loadingFinished.
    if (!requests.has(requestId)) inFlight++;
    requests.set(requestId, { url: request.url, bytes: 0, done: false });
    lastChange = Date.now();
  });
  cdp.on("Network.responseReceived", ({ requestId, response }) => {
    const entry = requests.get(requestId);
    if (entry) entry.encoding = response.headers["content-encoding"] ?? response.headers["Content-Encoding"];
  });
  const finish = (requestId, bytes) => {
    const entry = requests.get(requestId);
    if (!entry || entry.done) return;
    Object.assign(entry, { bytes, done: true });
    inFlight--;
    lastChange = Date.now();
  };
  cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => finish(requestId, encodedDataLength));
  cdp.on("Network.loadingFailed", ({ requestId }) => finish(requestId, 0));
  return {
    /** Resolves once nothing has been in flight for half a second. */
    async quiet() {
      while (inFlight > 0 || Date.now() - lastChange < 500) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    count: () => requests.size,
    /** The first `count` requests, once each has finished. */
    async finished(count) {
      const first = () => [...requests.values()].slice(0, count);
      while (!first().every((r) => r.done)) await new Promise((resolve) => setTimeout(resolve, 50));
      return summary(first());
    },
    snapshot: () => summary([...requests.values()]),
  };
}

async function waitForHealth(origin, child) {
  for (const started = Date.now(); Date.now() - started < 120_000; ) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ok = await fetch(`${origin}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not answer /healthz within 2 minutes");
}

/** Signs in as the first admin over tRPC, invites someone and makes an invite link; returns both links. */
async function inviteSomeone(origin) {
  const call = async (procedure, input, cookie) => {
    const response = await fetch(`${origin}/trpc/${procedure}`, {
      method: "POST",
      headers: { origin, "content-type": "application/json", ...(cookie && { cookie }) },
      body: JSON.stringify({ json: input }),
    });
    if (!response.ok) throw new Error(`${procedure} answered ${response.status}: ${await response.text()}`);
    return { data: (await response.json()).result.data.json, cookie: response.headers.get("set-cookie")?.split(";")[0] };
  };
  const { cookie } = await call("auth.signIn", ADMIN);
  const { data } = await call("invitation.create", { email: `invitee-${Date.now()}@example.com` }, cookie);
  const { data: link } = await call("inviteLink.create", {}, cookie);
  return { inviteUrl: data.inviteUrl, joinUrl: link.url };
}
