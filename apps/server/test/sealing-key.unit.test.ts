import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { loadSealingKey } from "../src/sealing-key.ts";

describe("loadSealingKey", () => {
  it("makes a 32-byte key once in DATA_DIR (mode 0600) and reuses it after a restart", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "key-"));
    const config = loadConfig({ DATA_DIR: dir });
    const first = loadSealingKey(config);
    expect(first).toHaveLength(32);
    expect(statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(Buffer.from(loadSealingKey(config))).toEqual(Buffer.from(first));
    expect(readFileSync(path.join(dir, "secret.key"), "utf8").trim()).toBe(Buffer.from(first).toString("base64"));
  });

  it("prefers SECRET_KEY, which several servers on one PostgreSQL share", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(Buffer.from(loadSealingKey(loadConfig({ SECRET_KEY: key })))).toEqual(Buffer.alloc(32, 7));
  });

  it("stops start-up on a SECRET_KEY that is not 32 bytes", () => {
    expect(() => loadSealingKey(loadConfig({ SECRET_KEY: "c2hvcnQ=" }))).toThrow(ConfigError);
    expect(() => loadSealingKey(loadConfig({ SECRET_KEY: "c2hvcnQ=" }))).toThrow(/^Invalid SECRET_KEY/);
  });
});
