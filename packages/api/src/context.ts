import type { Database } from "@invite/db";
import { randomBytes } from "node:crypto";
import { createDeviceCookieSigner, type DeviceCookieSigner } from "./auth/device-cookie.ts";
import { createBackgroundWork, type BackgroundErrorHandler, type BackgroundWork } from "./background.ts";
import { createSealer, type Sealer } from "./mail/sealer.ts";
import { createRateLimits, type RateLimits } from "./rate-limits.ts";
import type { UserWithProviders } from "./users.ts";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ProviderInfo {
  id: string;
  name: string;
}

export interface ApiConfig {
  /** The public origin; every link we hand out is built from it, never from a Host header. */
  appUrl: string;
  version: string;
  /** The OAuth providers that are configured. */
  providers: ProviderInfo[];
  /** TRUSTED_ORIGINS: exact origins besides APP_URL's that people may be sent to after joining (redirects.ts). */
  trustedOrigins: string[];
}

/** What the transport knows about the caller; never used to build links. */
export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}

/** How procedures set or clear the session cookie without knowing the transport. */
export interface SessionCookie {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** The device cookie as the browser sent it (unverified), and how to replace it (auth/device-cookie.ts). */
export interface DeviceCookie {
  value: string | null;
  set(value: string, expiresAt: Date): void;
}

/** Mail kept in memory when SMTP is not configured, for the admin's dev mailbox page. */
export interface DevMailbox {
  list(): Array<{ id: string; to: string; subject: string; html: string; text: string; link: string | null; sentAt: Date }>;
}

/** Long-lived parts shared by every request. */
export interface Services {
  db: Database;
  clock: Clock;
  config: ApiConfig;
  limits: RateLimits;
  /** Seals secrets that queued emails carry; its key never enters the database. */
  sealer: Sealer;
  /** Signs and checks device cookies, with a key derived from the sealing key. */
  deviceSigner: DeviceCookieSigner;
  /** Present only when email is not sent over SMTP. */
  devMailbox: DevMailbox | null;
  /** Work that runs after the answer is sent. */
  background: BackgroundWork;
}

export function createServices(parts: {
  db: Database;
  clock?: Clock | undefined;
  config: Partial<ApiConfig> & Pick<ApiConfig, "appUrl">;
  /** 32 bytes; every process that shares a database must share it (it also signs device cookies). Random when omitted (tests). */
  sealingKey?: Uint8Array | undefined;
  devMailbox?: DevMailbox | null;
  /** Where failures of background work are reported; the console when omitted. */
  onBackgroundError?: BackgroundErrorHandler | undefined;
}): Services {
  const sealingKey = parts.sealingKey ?? randomBytes(32);
  return {
    db: parts.db,
    clock: parts.clock ?? systemClock,
    config: { version: "dev", providers: [], trustedOrigins: [], ...parts.config },
    limits: createRateLimits(parts.db),
    sealer: createSealer(sealingKey),
    deviceSigner: createDeviceCookieSigner(sealingKey),
    devMailbox: parts.devMailbox ?? null,
    background: createBackgroundWork(
      parts.onBackgroundError ?? ((error, label) => console.error(`background work failed: ${label}`, error)),
    ),
  };
}

/** Everything a procedure sees; tests build it directly and call `createCaller`. */
export interface Context extends Services {
  request: RequestInfo;
  cookie: SessionCookie;
  deviceCookie: DeviceCookie;
  /** The caller, with the providers they have linked, loaded with the session. */
  user: UserWithProviders | null;
  sessionId: string | null;
}

export function createInnerContext(
  services: Services,
  parts: Partial<Pick<Context, "request" | "cookie" | "deviceCookie" | "user" | "sessionId">> = {},
): Context {
  return {
    ...services,
    request: parts.request ?? { ip: null, userAgent: null },
    cookie: parts.cookie ?? { set() {}, clear() {} },
    deviceCookie: parts.deviceCookie ?? { value: null, set() {} },
    user: parts.user ?? null,
    sessionId: parts.sessionId ?? null,
  };
}
