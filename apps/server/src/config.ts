import path from "node:path";
import dotenv from "dotenv";
import { z } from "zod";
import { parseTrustedOrigins, sameSite, TrustedOriginsError } from "./trusted-origins.ts";

/**
 * A start-up refusal in one line that says what to change (a variable, or DATA_DIR held by
 * another process), so the process can print it and stop with exit code 1, without a stack trace.
 */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const schema = z.object({
  PORT: z.coerce.number({ error: "must be a port number" }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  APP_URL: httpUrl.optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }).optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z.string().min(3).default("Invitations <no-reply@localhost>"),
  // Development only: lets webhooks reach loopback, private and link-local addresses (SECURITY 38).
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(["true", "false"], { error: "must be true or false" }).default("false"),
  ADMIN_EMAIL: z.email({ error: "must be an email address" }).optional(),
  ADMIN_PASSWORD: z.string().optional(),
  TRUST_PROXY: z.string().default("false"),
  TRUSTED_ORIGINS: z.string().optional(),
  SECRET_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GITHUB_URL: httpUrl.default("https://github.com"),
  GITHUB_API_URL: httpUrl.default("https://api.github.com"),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  OIDC_ISSUER: httpUrl.optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default("Single sign-on"),
});

export type Env = z.infer<typeof schema>;

/** Every variable the server reads (`.env.example` lists each; a unit test holds it to that). */
export const settingNames = Object.keys(schema.shape) as Array<keyof Env>;

export interface Config extends Env {
  appUrl: URL;
  /** Absolute path of the embedded database's directory. */
  dataDir: string;
  secureCookies: boolean;
  /** Express's `trust proxy` value: false, a hop count, or a list of addresses/subnets. */
  trustProxy: boolean | number | string;
  /** Origins besides APP_URL's whose pages may call /trpc with credentials (SECURITY 40). */
  trustedOrigins: string[];
  /**
   * The cookies' SameSite: `none` only when APP_URL is https and a trusted origin is another
   * site, whose pages' requests would not carry a Lax cookie; `lax` otherwise.
   */
  cookieSameSite: "lax" | "none";
}

/** Reads and checks the environment once; empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid ${String(issue.path[0])}: ${issue.message}.`);
  }
  const values = parsed.data;
  requirePair(values, "ADMIN_EMAIL", "ADMIN_PASSWORD");
  requirePair(values, "GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET");
  requirePair(values, "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET");
  requirePair(values, "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET");
  if (values.OIDC_CLIENT_ID && !values.OIDC_ISSUER) {
    throw new ConfigError("Invalid OIDC_ISSUER: required when OIDC_CLIENT_ID is set.");
  }

  const appUrl = new URL(values.APP_URL ?? `http://localhost:${values.PORT}`);
  if (appUrl.pathname !== "/" || appUrl.search || appUrl.hash) {
    throw new ConfigError("Invalid APP_URL: must be an origin only, like https://app.example.com.");
  }
  const trustedOrigins = readTrustedOrigins(values.TRUSTED_ORIGINS);
  const secureCookies = appUrl.protocol === "https:";
  const crossSite = trustedOrigins.some((origin) => !sameSite(origin, appUrl));
  return {
    ...values,
    appUrl,
    dataDir: path.resolve(cwd, values.DATA_DIR),
    secureCookies,
    trustProxy: parseTrustProxy(values.TRUST_PROXY),
    trustedOrigins,
    cookieSameSite: secureCookies && crossSite ? "none" : "lax",
  };
}

/**
 * The configuration of a command an operator ran (`pnpm start`, `pnpm cli`): `.env` and
 * relative paths (DATA_DIR) mean the folder it was run from, which pnpm passes as INIT_CWD.
 * Variables already in the environment win over `.env`; `overrides` win over both.
 */
export function loadConfigFromEnvironment(overrides: Record<string, string> = {}): Config {
  const baseDir = process.env.INIT_CWD ?? process.cwd();
  dotenv.config({ path: path.join(baseDir, ".env"), quiet: true });
  return loadConfig({ ...process.env, ...overrides }, baseDir);
}

function requirePair(values: Env, a: keyof Env, b: keyof Env) {
  if (values[a] && !values[b]) throw new ConfigError(`Invalid ${b}: required when ${a} is set.`);
  if (values[b] && !values[a]) throw new ConfigError(`Invalid ${a}: required when ${b} is set.`);
}

function readTrustedOrigins(value: string | undefined): string[] {
  try {
    return parseTrustedOrigins(value);
  } catch (error) {
    if (error instanceof TrustedOriginsError) throw new ConfigError(error.message);
    throw error;
  }
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === "false" || value === "0") return false;
  if (value === "true") {
    throw new ConfigError(
      "Invalid TRUST_PROXY: 'true' would let any client pick its IP; use a hop count (1) or the proxy's addresses.",
    );
  }
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
