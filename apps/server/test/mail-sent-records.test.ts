// Accepted sends recorded SENT many per statement: each is recorded under its own claim, and a
// send whose row another process has claimed since is told so, whatever else shares the statement.
import { randomBytes } from "node:crypto";
import { createServices, type Services } from "@invite/api";
import { createTestDatabase } from "@invite/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSentRecords } from "../src/mail/sent-records.ts";
import { APP_URL, FakeClock, queueInvitationEmails } from "./support/outbox.ts";

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let services: Services;
const clock = new FakeClock();

beforeAll(async () => {
  testDb = await createTestDatabase();
  services = createServices({ db: testDb.db, clock, config: { appUrl: APP_URL, version: "test" }, sealingKey: randomBytes(32) });
});
afterAll(() => testDb?.drop());

describe("SENT records", () => {
  it("records sends accepted together, each under its own claim, and erases their secrets", async () => {
    await queueInvitationEmails(services, 60);
    const { prisma } = testDb.db;
    // As a claim leaves them: attempt 1. One was claimed again by another process since (attempt 2).
    await prisma.emailMessage.updateMany({ data: { attempts: 1 } });
    const rows = await prisma.emailMessage.findMany({ orderBy: { id: "asc" } });
    const takenOver = rows[7]!.id;
    await prisma.emailMessage.update({ where: { id: takenOver }, data: { attempts: 2 } });

    const records = createSentRecords(prisma, () => clock.now());
    const recorded = await Promise.all(rows.map((row) => records.record({ id: row.id, attempts: 1 })));

    expect(recorded.filter((ok) => !ok)).toHaveLength(1);
    expect(recorded[7]).toBe(false);
    const after = await prisma.emailMessage.findMany({ orderBy: { id: "asc" } });
    for (const row of after) {
      if (row.id === takenOver) expect(row).toMatchObject({ status: "QUEUED", sentAt: null });
      else expect(row).toMatchObject({ status: "SENT", sentAt: clock.now(), lastError: null, sealedSecret: null });
    }
  });
});
