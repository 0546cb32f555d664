// Signed webhooks end to end (issue 15, SECURITY 38): an admin registers an endpoint over HTTP,
// changes made through the API queue events in their own transactions (the database's triggers),
// and the worker delivers them, signed, to a receiver on loopback that checks each signature with
// the Standard Webhooks library. Loopback is reachable only with WEBHOOK_ALLOW_PRIVATE_TARGETS.
import { hashPassword, runMaintenance } from "@invite/api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { postWebhook, startWebhookWorker, type WebhookWorker } from "../src/webhooks/index.ts";
import { isPublicAddress } from "../src/webhooks/target-guard.ts";
import { Browser } from "./support/oauth-doubles.ts";
import { oauthFlow, PASSWORD } from "./support/oauth-flow.ts";
import { captureLogger, eventually } from "./support/outbox.ts";
import { startTestServer } from "./support/server.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver.ts";

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Browser;
let receiver: WebhookReceiver;
const workers: WebhookWorker[] = [];

const { mutate, signInWithPassword } = oauthFlow(() => ({ server, admin: null as never, github: null as never }));
const prisma = () => server.db.prisma;

/** A query as this browser (its session cookie). */
async function query(browser: Browser, procedure: string, input: unknown) {
  const url = new URL(`/trpc/${procedure}`, server.origin);
  if (input !== undefined) url.searchParams.set("input", JSON.stringify({ json: input }));
  const response = await browser.fetch(url);
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: { data: { json: unknown } } }).result.data.json;
}

beforeAll(async () => {
  server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" } });
  await prisma().user.create({ data: { email: "admin@example.com", name: "Ada Admin", role: "ADMIN", passwordHash: await hashPassword(PASSWORD) } });
  admin = await signInWithPassword("admin@example.com");
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  await receiver?.close();
  await prisma().webhookEndpoint.deleteMany();
});

/** The worker as the server runs it, polling by itself, with short waits. */
function startWorker(options: { allowPrivateTargets?: boolean; disableAfterMs?: number } = {}) {
  const log = captureLogger();
  const worker = startWebhookWorker({
    services: server.services,
    logger: log.logger,
    allowPrivateTargets: options.allowPrivateTargets ?? true,
    version: "test",
    pollIntervalMs: 20,
    backoff: () => 30,
    ...(options.disableAfterMs !== undefined && { disableAfterMs: options.disableAfterMs }),
  });
  workers.push(worker);
  return log;
}

async function createEndpoint(url: string, events: string[]) {
  const created = await mutate(admin, "webhook.create", { url, events });
  expect(created.status).toBe(200);
  return created.data as { endpoint: { id: string; url: string; events: string[] }; secret: string };
}

let emails = 0;
async function invite() {
  const result = await mutate(admin, "invitation.create", { email: `person${++emails}@example.com` });
  expect(result.status).toBe(200);
  const { invitation, inviteUrl } = result.data as { invitation: { id: string; email: string }; inviteUrl: string };
  return { ...invitation, token: inviteUrl.split("/invite/")[1]! };
}

const ALL_EVENTS = [
  "invitation.created",
  "invitation.resent",
  "invitation.revoked",
  "invitation.expired",
  "invitation.accepted",
  "member.joined",
  "member.role_changed",
  "member.suspended",
  "member.removed",
];

describe("webhook endpoints (SECURITY 38)", () => {
  it("shows the whsec_ secret once and stores it sealed; list never shows it; members may not manage webhooks", async () => {
    receiver = await startWebhookReceiver();
    const { endpoint, secret } = await createEndpoint(receiver.url, ["invitation.created", "invitation.created"]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint.events).toEqual(["invitation.created"]);
    const row = await prisma().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.sealedSecret).not.toContain(secret.slice(6));
    expect(server.services.sealer.unseal(row.sealedSecret)).toBe(secret);
    const listed = await query(admin, "webhook.list", undefined);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
    expect(JSON.stringify(listed)).not.toContain(row.sealedSecret);

    await prisma().user.create({ data: { email: "member@example.com", name: "Mo", role: "MEMBER", passwordHash: await hashPassword(PASSWORD) } });
    const member = await signInWithPassword("member@example.com");
    expect((await mutate(member, "webhook.create", { url: receiver.url, events: ["member.joined"] })).status).toBe(403);
    for (const input of [
      { url: "ftp://example.com/x", events: ["member.joined"] },
      { url: "https://user:pw@example.com/x", events: ["member.joined"] },
      { url: "https://example.com/x", events: [] },
      { url: "https://example.com/x", events: ["member.exploded"] },
      { url: `https://example.com/${"a".repeat(2100)}`, events: ["member.joined"] },
    ]) {
      expect((await mutate(admin, "webhook.create", input)).status).toBe(400);
    }
  });

  it("delivers every event type, signed as Standard Webhooks says, verified by its library, in order per invitation", async () => {
    receiver = await startWebhookReceiver();
    const { secret } = await createEndpoint(receiver.url, ALL_EVENTS);
    receiver.setSecret(secret);
    startWorker();

    const revoked = await invite();
    expect((await mutate(admin, "invitation.resend", { id: revoked.id })).status).toBe(200);
    expect((await mutate(admin, "invitation.revoke", { id: revoked.id })).status).toBe(200);
    const accepted = await invite();
    expect((await mutate(new Browser(), "invitation.accept", { token: accepted.token, password: PASSWORD, name: "Newcomer" })).status).toBe(200);
    const joined = await prisma().user.findUniqueOrThrow({ where: { email: accepted.email } });
    expect((await mutate(admin, "member.setRole", { id: joined.id, role: "ADMIN" })).status).toBe(200);
    expect((await mutate(admin, "member.suspend", { id: joined.id })).status).toBe(200);
    expect((await mutate(admin, "member.remove", { id: joined.id })).status).toBe(200);
    const expiring = await invite();
    await prisma().invitation.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await runMaintenance(server.services);

    await eventually("every event arrived", () => receiver.accepted().length === 11);
    for (const request of receiver.requests) {
      expect(request.verified, request.body).not.toBeNull();
      expect(request.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(Number(request.headers["webhook-timestamp"])).toBeCloseTo(Date.now() / 1000, -2);
      expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(Object.keys(JSON.parse(request.body)).sort()).toEqual(["data", "timestamp", "type"]);
    }
    const typesOf = (subject: string) =>
      receiver.accepted().flatMap(({ verified }) => (verified!.data.id === subject ? [verified!.type] : []));
    expect(typesOf(revoked.id)).toEqual(["invitation.created", "invitation.resent", "invitation.revoked"]);
    expect(typesOf(accepted.id)).toEqual(["invitation.created", "invitation.accepted"]);
    expect(typesOf(joined.id)).toEqual(["member.joined", "member.role_changed", "member.suspended", "member.removed"]);
    expect(typesOf(expiring.id)).toEqual(["invitation.created", "invitation.expired"]);
    const roleChange = receiver.accepted().find(({ verified }) => verified!.type === "member.role_changed")!.verified!;
    expect(roleChange.data).toMatchObject({ id: joined.id, email: accepted.email, role: "ADMIN", previousRole: "MEMBER", suspended: false });
    const created = receiver.accepted().find(({ verified }) => verified!.data.id === revoked.id)!.verified!;
    expect(created.data).toMatchObject({ id: revoked.id, email: revoked.email, role: "MEMBER", status: "PENDING", sendCount: 1 });
    expect(created.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    // A body changed in transit, or signed with another secret, is refused by the same library.
    receiver.setSecret(`whsec_${Buffer.alloc(32, 7).toString("base64")}`);
    const before = receiver.requests.length;
    await invite();
    await eventually("the next request arrived", () => receiver.requests.length > before);
    expect(receiver.requests[before]!.verified).toBeNull();
  });

  it("a receiver that fails, then recovers, gets every event exactly once, in order, from two workers sharing the database", async () => {
    receiver = await startWebhookReceiver();
    const { secret, endpoint } = await createEndpoint(receiver.url, ALL_EVENTS);
    receiver.setSecret(secret);
    let down = true;
    receiver.answerWith(() => (down ? 503 : 200));
    startWorker();
    startWorker();

    const invitations = [];
    for (let i = 0; i < 4; i++) {
      const invitation = await invite();
      expect((await mutate(admin, "invitation.resend", { id: invitation.id })).status).toBe(200);
      expect((await mutate(admin, "invitation.revoke", { id: invitation.id })).status).toBe(200);
      invitations.push(invitation);
    }
    await eventually("retries under way", () => receiver.requests.length >= 12);
    const log = await query(admin, "webhook.deliveries", { endpointId: endpoint.id });
    expect((log as { items: Array<{ status: string; responseStatus: number | null; attempts: number }> }).items.some((item) => item.responseStatus === 503)).toBe(true);
    expect((await prisma().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).not.toBeNull();
    down = false;

    await eventually("all twelve delivered", async () => (await prisma().webhookDelivery.count({ where: { endpointId: endpoint.id, status: "SENT" } })) === 12);
    const acceptedIds = receiver.accepted().map((request) => request.id);
    expect(new Set(acceptedIds).size).toBe(12);
    expect(acceptedIds).toHaveLength(12);
    for (const invitation of invitations) {
      // Every request for this invitation, failed or not: event n+1 was never tried before n succeeded.
      const tried = receiver.requests.filter(({ verified }) => verified!.data.id === invitation.id);
      const types = tried.map(({ verified }) => verified!.type);
      const order = ["invitation.created", "invitation.resent", "invitation.revoked"];
      expect(types.map((type) => order.indexOf(type))).toEqual([...types.map((type) => order.indexOf(type))].sort());
      expect(tried.filter(({ status }) => status === 200).map(({ verified }) => verified!.type)).toEqual(order);
    }
    expect((await prisma().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toBeNull();
  });

  it("sends a test event to one endpoint, and redelivers an event with its webhook-id", async () => {
    receiver = await startWebhookReceiver();
    const { secret, endpoint } = await createEndpoint(receiver.url, ["member.removed"]);
    receiver.setSecret(secret);
    startWorker();
    const test = await mutate(admin, "webhook.test", { id: endpoint.id });
    expect(test.status).toBe(200);
    await eventually("the test event arrived", () => receiver.accepted().length === 1);
    expect(receiver.accepted()[0]!.verified).toMatchObject({ type: "webhook.test", data: { endpointId: endpoint.id } });

    const { items } = (await query(admin, "webhook.deliveries", { endpointId: endpoint.id })) as { items: Array<{ id: string; status: string; responseStatus: number; latencyMs: number; attempts: number }> };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: "SENT", responseStatus: 204, attempts: 1 });
    expect(items[0]!.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await mutate(admin, "webhook.redeliver", { deliveryId: items[0]!.id })).status).toBe(200);
    await eventually("the redelivery arrived", () => receiver.accepted().length === 2);
    expect(receiver.accepted()[1]!.id).toBe(receiver.accepted()[0]!.id);
    expect(receiver.accepted()[1]!.body).toBe(receiver.accepted()[0]!.body);
    expect((await mutate(admin, "webhook.redeliver", { deliveryId: "no-such-delivery" })).status).toBe(404);
    expect((await mutate(admin, "webhook.test", { id: "no-such-endpoint" })).status).toBe(404);
  });

  it("refuses loopback and private targets without the operator setting, by address and by name after resolution", async () => {
    receiver = await startWebhookReceiver();
    const byAddress = await createEndpoint(receiver.url, ["invitation.created"]);
    const byName = await createEndpoint(`http://localhost:${receiver.port}/hook`, ["invitation.created"]);
    startWorker({ allowPrivateTargets: false });
    await invite();
    await eventually("both attempts recorded", async () => (await prisma().webhookDelivery.count({ where: { lastError: { not: null } } })) === 2).catch(async (error: unknown) => {
      throw new Error(`${String(error)}: ${JSON.stringify(await prisma().webhookDelivery.findMany())}`);
    });
    expect(receiver.requests).toHaveLength(0);
    for (const { endpoint } of [byAddress, byName]) {
      const row = await prisma().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
      expect(row).toMatchObject({ status: "QUEUED", responseStatus: null });
      expect(row.lastError).toMatch(/loopback, private or link-local/);
    }

    for (const address of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::"]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700::1111"]) expect(isPublicAddress(address), address).toBe(true);
  });

  it("follows no redirect, and bounds the time an answer may take and the bytes read of it", async () => {
    let redirectedTo = 0;
    let bigAnswerCut: Promise<boolean> = Promise.resolve(false);
    const peer: Server = createServer((req, res) => {
      if (req.url === "/moved") return res.writeHead(307, { location: "/inside" }).end();
      if (req.url === "/inside") return (redirectedTo++, res.writeHead(200).end());
      if (req.url === "/slow") return void setTimeout(() => res.writeHead(200).end(), 5_000);
      // 20 MB, as fast as it can: only the first 64 KB are read.
      res.writeHead(200);
      bigAnswerCut = new Promise((resolve) => res.on("close", () => resolve(!res.writableFinished)));
      const chunk = Buffer.alloc(64 * 1024, 97);
      let sent = 0;
      const pump = () => {
        while (sent < 320 && res.write(chunk)) sent++;
        if (sent < 320) res.once("drain", pump);
        else res.end();
      };
      pump();
    });
    await new Promise<void>((resolve) => peer.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
    const send = (path: string) =>
      postWebhook({ url: `${base}${path}`, headers: { "content-type": "application/json" }, body: "{}" }, { allowPrivate: true, timeoutMs: 500, maxResponseBytes: 64 * 1024 });
    try {
      expect(await send("/moved")).toMatchObject({ status: 307, error: "The endpoint answered 307 (redirects are not followed)." });
      expect(redirectedTo).toBe(0);
      const slow = await send("/slow");
      expect(slow).toMatchObject({ status: null, error: "no complete answer within 0.5 s" });
      expect(slow.latencyMs).toBeLessThan(2_000);
      expect(await send("/big")).toMatchObject({ status: 200, error: null });
      expect(await bigAnswerCut).toBe(true);
    } finally {
      peer.closeAllConnections();
      await new Promise<void>((resolve) => peer.close(() => resolve()));
    }
  });

  it("disables an endpoint that keeps failing, with a notice in the list and an audit event; enabling it resumes the queue", async () => {
    receiver = await startWebhookReceiver();
    const { secret, endpoint } = await createEndpoint(receiver.url, ["invitation.created"]);
    receiver.setSecret(secret);
    receiver.answerWith(() => 500);
    // The window is 3 days in the server; here a moment, so the test needs no clock of its own.
    startWorker({ disableAfterMs: 300 });
    await invite();
    await eventually("the endpoint is disabled", async () => (await prisma().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).disabledAt !== null);
    const [listed] = (await query(admin, "webhook.list", undefined)) as Array<{ enabled: boolean; disabledReason: string }>;
    expect(listed).toMatchObject({ enabled: false });
    expect(listed!.disabledReason).toMatch(/^Disabled after failing for 0 days without a success\. Last error: The endpoint answered 500\./);
    expect(await prisma().auditEvent.count({ where: { action: "webhook.disable", targetId: endpoint.id } })).toBe(1);
    // Nothing is queued for a disabled endpoint.
    const queued = await prisma().webhookDelivery.count({ where: { endpointId: endpoint.id } });
    await invite();
    expect(await prisma().webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(queued);

    receiver.answerWith(() => 200);
    expect((await mutate(admin, "webhook.update", { id: endpoint.id, enabled: true })).status).toBe(200);
    await invite();
    await eventually("delivered once enabled", () => receiver.accepted().length >= 1);
  });

  it("queues nothing when no endpoint wants the event", async () => {
    const before = await prisma().webhookDelivery.count();
    await invite();
    expect(await prisma().webhookDelivery.count()).toBe(before);
  });

  it("yields to a busy API: a batch per poll interval, then the rest at once when it is idle", async () => {
    receiver = await startWebhookReceiver();
    const { secret } = await createEndpoint(receiver.url, ["invitation.created"]);
    receiver.setSecret(secret);
    for (let i = 0; i < 6; i++) await invite();
    let busy = true;
    const options = { services: server.services, logger: captureLogger().logger, allowPrivateTargets: true, version: "test" };
    workers.push(startWebhookWorker({ ...options, batchSize: 2, pollIntervalMs: 2_000, yieldWhile: () => busy }));
    await eventually("the first batch delivered", () => receiver.accepted().length === 2);
    // Not busy, the worker would claim the next batch at once: all six would be in by now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.accepted()).toHaveLength(2);
    busy = false;
    await eventually("the rest delivered", () => receiver.accepted().length === 6);
  });
});
