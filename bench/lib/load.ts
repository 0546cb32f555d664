// Load from this process with autocannon; the server under test runs in a child process.
import autocannon, { type Request } from "autocannon";
import type { ServerProcess } from "./process.ts";

/** Seconds of measured load, and of warm-up before it (BENCH_DURATION, BENCH_WARMUP: shorter runs to try the harness). */
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
export const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);

export interface LoadResult {
  /** 2xx responses per second: failures do not count as throughput. */
  rps: number;
  ok: number;
  /** Requests sent, answered or not. */
  sent: number;
  /** What did not succeed, by status code, "timeout" or "error"; empty when all went well. */
  failures: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
}

/** The autocannon options these benchmarks use (see its README). */
export interface LoadOptions {
  url: string;
  connections?: number;
  duration?: number;
  /** Requests per second over all connections; unset sends as fast as the server answers. */
  overallRate?: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** setupRequest runs before every request: distinct bodies and headers per request. */
  requests?: { setupRequest: (request: Request) => Request }[];
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({ connections: 50, duration: DURATION_S, timeout: 10, ...options });
  const failures: Record<string, number> = { timeout: result.timeouts, error: result.errors - result.timeouts };
  for (const [code, { count = 0 }] of Object.entries<{ count?: number }>(result.statusCodeStats ?? {})) {
    if (!code.startsWith("2")) failures[code] = Number(count);
  }
  return {
    rps: result["2xx"] / result.duration,
    ok: result["2xx"],
    sent: result.requests.sent,
    failures: Object.fromEntries(Object.entries(failures).filter(([, count]) => count > 0)),
    // No answer at all in the window (a very busy machine): no latency to report, not 0 ms.
    p50Ms: result["2xx"] + result.non2xx ? result.latency.p50 : NaN,
    p99Ms: result["2xx"] + result.non2xx ? result.latency.p99 : NaN,
  };
}

/**
 * Loads `server` for WARMUP_S (not counted), then measures: the load's figures plus the server's
 * CPU time per successful request, which depends far less than req/s on whatever else the
 * machine is running, and its peak RSS so far. `warmupOk` and `warmupSent` count the warm-up's
 * 2xx answers and requests.
 */
export async function measure(server: ServerProcess, options: LoadOptions) {
  const warmup = WARMUP_S > 0 ? await load({ ...options, duration: WARMUP_S }) : undefined;
  const cpuBefore = server.cpuMs();
  const result = await load(options);
  const cpuMs = server.cpuMs() - cpuBefore;
  return {
    ...result,
    warmupOk: warmup?.ok ?? 0,
    warmupSent: warmup?.sent ?? 0,
    cpuMs,
    cpuPerRequestMs: result.ok ? cpuMs / result.ok : NaN,
    peakRssMiB: server.memory().peakMiB,
  };
}

export type Measured = Awaited<ReturnType<typeof measure>>;
