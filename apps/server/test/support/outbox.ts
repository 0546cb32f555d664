// What the outbox tests share: a clock moved by hand, a logger the test can read and wait on,
// and invitation emails queued the way the API queues them.
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { Clock, Services } from "@invite/api";
import { pino } from "pino";
import { enqueueEmail, type InvitationEmailPayload } from "../../../../packages/api/src/mail/outbox.ts";

export const APP_URL = "https://app.example.com";
export const FROM = "Invitations <no-reply@example.com>";
export const HOUR = 3_600_000;

/** A clock tests move by hand: backoff and expiry without waiting. */
export class FakeClock implements Clock {
  constructor(private current = new Date("2026-01-05T10:00:00Z")) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A pino logger whose JSON lines the test can read, and wait for. */
export function captureLogger() {
  const lines: string[] = [];
  const waiting = new Set<{ pattern: RegExp; resolve: () => void }>();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = chunk.toString();
      lines.push(line);
      for (const waiter of waiting) {
        if (waiter.pattern.test(line)) {
          waiting.delete(waiter);
          waiter.resolve();
        }
      }
      done();
    },
  });
  return {
    logger: pino({ level: "info" }, stream),
    lines,
    /** Resolves once a line matching `pattern` has been logged (already, or from now on). */
    waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
      if (lines.some((line) => pattern.test(line))) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter = { pattern, resolve: () => (clearTimeout(timer), resolve()) };
        const timer = setTimeout(() => {
          waiting.delete(waiter);
          reject(new Error(`nothing matching ${pattern} was logged within ${timeoutMs} ms:\n${lines.join("")}`));
        }, timeoutMs);
        waiting.add(waiter);
      });
    },
  };
}

export function invitationPayload(now: Date, overrides: Partial<InvitationEmailPayload> = {}): InvitationEmailPayload {
  return {
    inviterName: "Alice Martin",
    inviterEmail: "alice@example.com",
    role: "MEMBER",
    message: null,
    expiresAt: new Date(now.getTime() + 48 * HOUR).toISOString(),
    appUrl: APP_URL,
    ...overrides,
  };
}

/** Queues invitation emails the way the API does: inside a transaction, token sealed. */
export async function queueInvitationEmails(
  services: Services,
  count: number,
  options: { payload?: Partial<InvitationEmailPayload>; prefix?: string } = {},
) {
  const now = services.clock.now();
  const emails = Array.from({ length: count }, (_, i) => ({
    to: `${options.prefix ?? "person"}${i}@example.com`,
    token: randomBytes(20).toString("hex"),
  }));
  await services.db.prisma.$transaction(async (tx) => {
    for (const email of emails) {
      await enqueueEmail(
        tx,
        services.sealer,
        { to: email.to, template: "invitation", payload: invitationPayload(now, options.payload), secret: email.token },
        now,
      );
    }
  });
  return emails;
}

/** Waits (real time) until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
