// One outbox worker in its own OS process, for tests of several processes on one PostgreSQL:
// `node --import tsx outbox-worker-process.ts <databaseUrl> <smtpUrl> <now ISO> <sealing key hex>`.
// Its clock stands still at <now>; it waits for "go" on stdin (so that processes start their
// claims together), sends whatever is due, prints how many emails it claimed, and exits.
import { createInterface } from "node:readline";
import { createServices } from "@invite/api";
import { openDatabase } from "@invite/db";
import { pino } from "pino";
import { createMailTransport, startOutboxWorker } from "../../src/mail/index.ts";

const [url, smtpUrl, now, key] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase({ url, dataDir: "" }); // PostgreSQL: no data directory
await db.ping();
const clock = { now: () => new Date(now) };
const services = createServices({ db, clock, config: { appUrl: "https://app.example.com" }, sealingKey: Buffer.from(key, "hex") });
const transport = createMailTransport({ smtpUrl, from: "Invitations <no-reply@example.com>", logger: pino({ level: "silent" }) });
const worker = startOutboxWorker({ services, transport, logger: pino({ level: "silent" }), poll: false, batchSize: 2 });
process.stdout.write("ready\n");
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve()));
let claimed = 0;
for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) claimed += n;
await worker.stop();
await transport.close();
await db.close();
process.stdout.write(`claimed ${claimed}\n`);
