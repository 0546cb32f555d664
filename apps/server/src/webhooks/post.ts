import http from "node:http";
import https from "node:https";
import { BlockedTargetError, guardedLookup, refuseBlockedLiteral } from "./target-guard.ts";

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface PostOptions {
  allowPrivate: boolean;
  /** From the first byte out to the last byte read: 10 s. */
  timeoutMs: number;
  /** Read at most this much of the answer, then hang up: 64 KB. */
  maxResponseBytes: number;
}

export interface WebhookResponse {
  /** Null when there was no answer (refused, timed out, blocked). */
  status: number | null;
  latencyMs: number;
  /** Null for a 2xx; otherwise what went wrong, for the delivery log. */
  error: string | null;
}

/**
 * POSTs one signed event. Redirects are not followed (a 3xx is a failure, so a public URL
 * cannot bounce the request inward); the host's addresses are checked after resolution and the
 * connection goes to a checked one; the whole exchange is bounded in time and in bytes read.
 */
export function postWebhook(request: WebhookRequest, options: PostOptions): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = new URL(request.url);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`${url.protocol} is not http or https`);
    refuseBlockedLiteral(url, options.allowPrivate);
  } catch (error) {
    return Promise.resolve({ status: null, error: describe(error), latencyMs: elapsed() });
  }

  return new Promise((resolve) => {
    let settled = false;
    const finish = (response: Omit<WebhookResponse, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...response, latencyMs: elapsed() });
    };

    const client = url.protocol === "https:" ? https : http;
    const req = client.request(url, {
      method: "POST",
      headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
      lookup: guardedLookup(options.allowPrivate),
      // A connection of its own: a pooled socket was checked for another request's host.
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no complete answer within ${options.timeoutMs / 1000} s`));
    }, options.timeoutMs);

    req.on("error", (error) => finish({ status: null, error: describe(error) }));
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      let read = 0;
      res.on("data", (chunk: Buffer) => {
        read += chunk.length;
        // Enough: the status is what counts, and a huge answer must not hold memory or time.
        if (read >= options.maxResponseBytes) res.destroy();
      });
      const done = () => {
        const ok = status >= 200 && status < 300;
        const redirect = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
        finish({ status, error: ok ? null : `The endpoint answered ${status}${redirect}.` });
      };
      res.on("end", done);
      res.on("close", done);
      res.on("error", done);
    });
    req.end(request.body);
  });
}

function describe(error: unknown): string {
  if (error instanceof BlockedTargetError || (error instanceof Error && (error as { code?: string }).code === "EWEBHOOKBLOCKED")) {
    return `Refused: ${error.message}. Set WEBHOOK_ALLOW_PRIVATE_TARGETS=true only in development.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").trim().slice(0, 300) || "Unknown error.";
}
