// The server's memory on the embedded database (PGlite), as `pnpm start` runs it: the peak from
// start to ready (VmHWM once /healthz answers) and the resident memory once idle, on a first
// start over an empty DATA_DIR and on a restart over the same one. PGlite's buffers live in the
// server's own process, so these are the figures that decide whether the app fits a 1 GB machine.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ourServerCommand, startOurServer } from "./lib/our-server.ts";
import { fmt, main, report, type Figure } from "./lib/report.ts";
import { IDLE_AFTER_MS } from "./lib/process.ts";

const TARGET_PEAK_MIB = 400;
const TARGET_IDLE_MIB = 250;

await main("embedded-memory: the server on the embedded database, start to ready and idle", async () => {
  console.log(`  ${ourServerCommand().description}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), "invite-bench-embedded-"));
  const figures: Figure[] = [];
  try {
    for (const start of ["first start", "restart"]) {
      const server = await startOurServer({ databaseUrl: "", dataDir });
      try {
        const ready = server.memory();
        await sleep(IDLE_AFTER_MS);
        const idle = server.memory();
        figures.push(
          { figure: `${start}: peak to ready`, value: fmt.mib(ready.peakMiB), target: `≤ ${TARGET_PEAK_MIB} MiB`, met: ready.peakMiB <= TARGET_PEAK_MIB },
          { figure: `${start}: RSS idle ${IDLE_AFTER_MS / 1000} s after ready`, value: fmt.mib(idle.rssMiB), target: `≤ ${TARGET_IDLE_MIB} MiB`, met: idle.rssMiB <= TARGET_IDLE_MIB },
        );
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  report("embedded-memory", figures);
});
