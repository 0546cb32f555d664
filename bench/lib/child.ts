// The serving side of a benchmark: a server in a process of its own, so its RSS and its event
// loop are measured apart from the load generator. The parent drives it over the IPC channel.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface ServerStats {
  /** Peak resident set of this process since it started, in MB. */
  maxRssMB: number;
  /** CPU time (user + system) this process spent since the last "reset", in ms. */
  cpuMs: number;
  /** Event-loop delay since the last "reset", in ms. */
  loopP99Ms: number;
  loopMaxMs: number;
  threadPool: number;
}

export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Tells the parent where we listen, then answers "reset", "stats" and "stop". */
export function serveParent(origin: string, close: () => Promise<void>): void {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let cpuSince = process.cpuUsage();
  const answers: Record<string, () => unknown> = {
    reset: () => {
      loop.reset();
      cpuSince = process.cpuUsage();
    },
    stats: (): ServerStats => ({
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      cpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpuSince)),
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
      threadPool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
    }),
  };
  process.on("message", async (command: string) => {
    if (command === "stop") {
      await close();
      process.exit(0);
    }
    process.send!({ command, answer: answers[command]?.() ?? null });
  });
  process.on("disconnect", () => process.exit(0)); // the benchmark died: do not linger
  process.send!({ ready: origin });
}
