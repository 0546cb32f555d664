import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, type Config } from "./config.ts";

/**
 * The 32-byte key that seals invitation links while their emails wait in the outbox; it
 * never enters the database. From SECRET_KEY (base64) when set, which several servers on one
 * PostgreSQL must share; otherwise made once and kept in DATA_DIR/secret.key (mode 0600).
 */
export function loadSealingKey(config: Config): Uint8Array {
  if (config.SECRET_KEY) {
    const key = Buffer.from(config.SECRET_KEY, "base64");
    if (key.length !== 32) throw new ConfigError("Invalid SECRET_KEY: must be 32 bytes, base64-encoded (openssl rand -base64 32).");
    return key;
  }
  const file = path.join(config.dataDir, "secret.key");
  try {
    return readKeyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // `wx`: if another process made it first, read theirs instead.
    writeFileSync(file, randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readKeyFile(file);
}

function readKeyFile(file: string): Uint8Array {
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) throw new ConfigError(`Invalid key file ${file}: expected 32 bytes, base64-encoded.`);
  return key;
}
