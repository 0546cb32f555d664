// A webhook receiver on loopback, as an integrator would write one: it verifies each request
// with the Standard Webhooks library and the endpoint's secret, and answers what the test says.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceivedWebhook {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body as the library parsed it after checking the signature; null if the check failed. */
  verified: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  /** What the receiver answered. */
  status: number;
}

export async function startWebhookReceiver() {
  let secret: string | null = null;
  let answer: (request: { id: string }) => number = () => 204;
  const requests: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let verified: ReceivedWebhook["verified"] = null;
      try {
        verified = new Webhook(secret ?? "").verify(body, req.headers as Record<string, string>) as ReceivedWebhook["verified"];
      } catch {
        verified = null;
      }
      const id = String(req.headers["webhook-id"]);
      const status = verified ? answer({ id }) : 401;
      requests.push({ id, headers: req.headers, body, verified, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/invite`,
    port,
    requests,
    /** The requests it accepted (2xx), in arrival order. */
    accepted: () => requests.filter((request) => request.status >= 200 && request.status < 300),
    setSecret(value: string) {
      secret = value;
    },
    answerWith(next: (request: { id: string }) => number) {
      answer = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
