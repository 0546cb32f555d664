import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { devEnvironment } from "../../../scripts/dev.mjs";
import { settingNames } from "../src/config.ts";

// `pnpm dev` (scripts/dev.mjs) keeps the README's word: what it gives the API and Vite from
// API_PORT, DEV_APP_URL and DATA_DIR. That they (and LOG_LEVEL) reach the running API and Vite,
// and that a taken port stops it, `node scripts/check-dev.mjs` checks by starting `pnpm dev`
// itself (a minute or two per start: not in the suite).
describe("pnpm dev's environment", () => {
  it("defaults: the API on 3001 taking APP_URL http://localhost:5173, Vite on 5173, the root's .data", () => {
    expect(devEnvironment({}, "/repo")).toEqual({
      API_PORT: "3001",
      DEV_APP_URL: "http://localhost:5173",
      WEB_PORT: "5173",
      PORT: "3001",
      APP_URL: "http://localhost:5173",
      DATA_DIR: "/repo/.data",
      INIT_CWD: "/repo",
    });
  });

  it("API_PORT, DEV_APP_URL and DATA_DIR are honoured; Vite's port is DEV_APP_URL's", () => {
    const env = devEnvironment({ API_PORT: "4001", DEV_APP_URL: "http://127.0.0.1:6173/", DATA_DIR: "tmp/dev-data" }, "/repo");
    expect(env).toMatchObject({ PORT: "4001", APP_URL: "http://127.0.0.1:6173", WEB_PORT: "6173", DATA_DIR: "/repo/tmp/dev-data" });
    expect(devEnvironment({ DATA_DIR: "/srv/data" }, "/repo").DATA_DIR).toBe("/srv/data");
    expect(devEnvironment({ DEV_APP_URL: "https://dev.example.com" }, "/repo").WEB_PORT).toBe("443");
  });

  it("empty values count as unset, as the server's own configuration reads them", () => {
    expect(devEnvironment({ API_PORT: "", DEV_APP_URL: "", DATA_DIR: "" }, "/repo")).toEqual(devEnvironment({}, "/repo"));
  });

  it("a DEV_APP_URL that is no URL stops it with one line", () => {
    expect(() => devEnvironment({ DEV_APP_URL: "localhost:5173" }, "/repo")).toThrow(/^Invalid DEV_APP_URL: /);
  });
});

describe(".env.example", () => {
  const example = readFileSync(new URL("../../../.env.example", import.meta.url), "utf8");
  const listed = [...example.matchAll(/^# ([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!);
  const devAndTests = ["API_PORT", "DEV_APP_URL", "TEST_POSTGRES_URL", "CHROMIUM_PATH"];

  it("lists every setting the server reads, and pnpm dev's and the tests' own", () => {
    for (const name of [...settingNames, ...devAndTests]) expect(listed, name).toContain(name);
  });

  it("lists nothing the project does not read, each once", () => {
    expect(listed.filter((name) => ![...settingNames, ...devAndTests].includes(name as never))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });
});
