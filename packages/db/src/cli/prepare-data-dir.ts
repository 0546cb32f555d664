// The last step of `pnpm build`: the embedded database a first start copies instead of running
// initdb (src/prepared-data-dir.ts), made by this short-lived process, whose memory is gone
// before any server starts.
import { openDatabase } from "../index.ts";
import { applyMigrations } from "../migrate.ts";
import { PREPARED_DATA_DIR, writePreparedDataDir } from "../prepared-data-dir.ts";

await writePreparedDataDir(async (dir) => {
  const db = openDatabase({ dataDir: dir, owner: "build", prepared: false });
  try {
    return (await applyMigrations(db)).applied;
  } finally {
    await db.close();
  }
});
console.log(`Prepared the embedded database a first start copies: ${PREPARED_DATA_DIR}`);
