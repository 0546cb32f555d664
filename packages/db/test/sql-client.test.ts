// `Database.sql`: plain SQL in pg's shape on both databases, as rate-limiter-flexible's
// PostgreSQL store uses it (its upsert, delete and read of the RateLimit table).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../src/testing.ts";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb?.drop());

describe(`Database.sql on the ${testDatabaseKind()} database`, () => {
  it("returns rows and counts them as pg does: rows returned, else rows changed", async () => {
    const { sql } = testDb.db;
    const expire = Date.now() + 60_000;
    const inserted = await sql.query({
      text: `INSERT INTO "RateLimit" VALUES ($1, $2, $3), ($4, $2, $3) RETURNING points, expire`,
      values: ["a", 1, expire, "b"],
    });
    // int8 comes back as a string, as pg returns it.
    expect(inserted).toMatchObject({ rowCount: 2, rows: [{ points: 1, expire: String(expire) }, { points: 1 }] });

    const read = await sql.query({ text: `SELECT key FROM "RateLimit" WHERE key = $1`, values: ["a"], name: "read-one" });
    expect(read).toMatchObject({ rowCount: 1, rows: [{ key: "a" }] });

    expect(await sql.query({ text: `DELETE FROM "RateLimit"` })).toMatchObject({ rowCount: 2 });
    expect(await sql.query({ text: `SELECT key FROM "RateLimit"` })).toMatchObject({ rowCount: 0, rows: [] });
  });

  it("shares the database with Prisma", async () => {
    await testDb.db.prisma.rateLimit.create({ data: { key: "from-prisma", points: 3, expire: 42n } });
    const { rows } = await testDb.db.sql.query({ text: `SELECT points, expire FROM "RateLimit" WHERE key = 'from-prisma'` });
    expect(rows).toEqual([{ points: 3, expire: "42" }]);
  });
});
