// Starts bench/servers/<name>.ts in a child process and talks to it (see child.ts).
import { fork } from "node:child_process";
import { once } from "node:events";
import type { ServerStats } from "./child.ts";

export interface ServerProcess {
  origin: string;
  /** Restarts the event-loop delay histogram. */
  reset(): Promise<void>;
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

export async function startServer(name: "app" | "floor" | "trpc-floor", env: Record<string, string>): Promise<ServerProcess> {
  const child = fork(new URL(`../servers/${name}.ts`, import.meta.url), {
    // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server
    execArgv: ["--import", "tsx", ...(process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [])],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`bench/servers/${name}.ts exited (${code}) before answering`);
  });
  exited.catch(() => {}); // only a problem while we wait for an answer
  const next = () => Promise.race([once(child, "message"), exited]);
  const [first] = (await next()) as [{ ready: string }];
  const ask = async (command: string) => {
    child.send(command);
    for (;;) {
      const [reply] = (await next()) as [{ command: string; answer: unknown }];
      if (reply.command === command) return reply.answer;
    }
  };
  return {
    origin: first.ready,
    reset: async () => void (await ask("reset")),
    stats: async () => (await ask("stats")) as ServerStats,
    async stop() {
      child.send("stop");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited.catch(() => {});
      clearTimeout(timer);
    },
  };
}
