// Load from this process with autocannon; the server under test runs in a child process.
import autocannon, { type Request } from "autocannon";
import type { ServerProcess } from "./server-process.ts";

export interface LoadResult {
  /** 2xx responses per second: failures do not count as throughput. */
  rps: number;
  ok: number;
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
  const result = await autocannon({ connections: 50, duration: 10, timeout: 10, ...options });
  const failures: Record<string, number> = { timeout: result.timeouts, error: result.errors - result.timeouts };
  for (const [code, { count = 0 }] of Object.entries<{ count?: number }>(result.statusCodeStats ?? {})) {
    if (!code.startsWith("2")) failures[code] = Number(count);
  }
  return {
    rps: result["2xx"] / result.duration,
    ok: result["2xx"],
    failures: Object.fromEntries(Object.entries(failures).filter(([, count]) => count > 0)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

/**
 * Loads `server` for 2 s (warm-up, not counted), then measures: the load's figures plus the
 * server's own, and its CPU time per successful request, which depends far less than req/s on
 * whatever else the machine is running.
 */
export async function measure(server: ServerProcess, options: LoadOptions) {
  await load({ ...options, duration: 2 });
  await server.reset();
  const result = await load(options);
  const stats = await server.stats();
  return { ...result, ...stats, cpuPerRequestMs: stats.cpuMs / Math.max(result.ok, 1) };
}
