// Background work yields to requests: the HTTP server's count of requests in flight, over real
// HTTP, and the outbox worker keeping to a batch per poll interval while told the API is busy
// (the webhook worker's, the same, is in webhooks.test.ts).
import { randomBytes } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createServices } from "@invite/api";
import { createTestDatabase } from "@invite/db/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRequestsInFlight } from "../src/http/requests-in-flight.ts";
import { createMailTransport, startOutboxWorker } from "../src/mail/index.ts";
import { APP_URL, eventually, FakeClock, FROM, queueInvitationEmails } from "./support/outbox.ts";

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.drop();
});

describe("requests in flight", () => {
  it("counts each request from its arrival until its response is done or its client goes away", async () => {
    const held: ServerResponse[] = [];
    const server = createServer((_request, response) => void held.push(response));
    const requests = countRequestsInFlight();
    requests.watch(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const gone = new AbortController();
      const answered = [fetch(url), fetch(url)];
      const abandoned = fetch(url, { signal: gone.signal }).catch(() => null);
      await eventually("three requests in flight", () => requests.count === 3);
      gone.abort();
      await abandoned;
      await eventually("the abandoned one no longer counted", () => requests.count === 2);
      for (const response of held) if (!response.destroyed) response.end("ok");
      await Promise.all(answered);
      await eventually("none in flight once answered", () => requests.count === 0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("the outbox while the API is busy", () => {
  it("sends a batch per poll interval, then the rest at once when the requests are answered", async () => {
    const clock = new FakeClock();
    const services = createServices({ db: testDb.db, clock, config: { appUrl: APP_URL, version: "test" }, sealingKey: randomBytes(32) });
    const transport = createMailTransport({ from: FROM, logger: pino({ level: "silent" }) });
    await queueInvitationEmails(services, 6);
    const sent = () => testDb.db.prisma.emailMessage.count({ where: { status: "SENT" } });
    let busy = true;
    const worker = startOutboxWorker({ services, transport, logger: pino({ level: "silent" }), batchSize: 2, pollIntervalMs: 2_000, yieldWhile: () => busy });
    try {
      await eventually("the first batch sent", async () => (await sent()) === 2);
      // Not busy, the worker would claim the next batch at once: all six would be out by now.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await sent()).toBe(2);
      busy = false;
      // The next round comes at the poll interval and, with the API idle, is followed at once.
      await eventually("the rest sent", async () => (await sent()) === 6);
    } finally {
      await worker.stop();
      await transport.close();
    }
  });
});
