// SECURITY 32 in the middle of a write: the database connection of an invitation.create dies
// after its Invitation row is written (the create is one statement, the function invitation_create_v3). The caller hears 503 (retry), not 500, and nothing of it is kept.
import { testDatabaseKind } from "@invite/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupApi, type TestApi } from "./support/api.ts";
import { failure } from "./support/failure.ts";

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t?.close());

// The embedded database has one connection in this process: there is nothing to cut apart.
describe.runIf(testDatabaseKind() === "postgres")("a connection lost mid-write", () => {
  it("answers SERVICE_UNAVAILABLE and keeps no partial rows; the retry then works (SECURITY 32)", async () => {
    const admin = await t.signedIn("outage-admin@example.com", "ADMIN");
    const email = "midwrite@example.com";
    const outcome = await t.prisma.$transaction(async (tx) => {
      // The outbox table is held, so the create waits there, its Invitation row already written.
      await tx.$executeRaw`LOCK TABLE "EmailMessage" IN EXCLUSIVE MODE`;
      const create = failure(admin.api.invitation.create({ email }));
      let cut = false;
      for (let tries = 0; !cut && tries < 250; tries++) {
        const [waiting] = await t.prisma.$queryRaw<Array<{ pid: number }>>`
          SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM invitation_create_v3(%' AND pid <> pg_backend_pid()`;
        if (waiting) cut = (await t.prisma.$queryRaw<Array<{ ok: boolean }>>`SELECT pg_terminate_backend(${waiting.pid}::int) AS ok`)[0]!.ok;
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(cut, "the create's connection was found waiting and cut").toBe(true);
      return create;
    });

    expect(outcome).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "SERVICE_UNAVAILABLE" });
    const kept = await Promise.all([
      t.prisma.invitation.count({ where: { email } }),
      t.prisma.emailMessage.count({ where: { to: email } }),
      t.prisma.auditEvent.count({ where: { action: "invitation.create", actorId: admin.user.id } }),
    ]);
    expect(kept).toEqual([0, 0, 0]);

    const retried = await admin.api.invitation.create({ email });
    expect(retried.invitation).toMatchObject({ email, status: "PENDING" });
  });
});
