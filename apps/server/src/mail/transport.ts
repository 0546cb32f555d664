import { randomUUID } from "node:crypto";
import nodemailer, { type NodemailerError } from "nodemailer";
import type { Logger } from "pino";

/** A rendered email, ready to go. `link` is the action link it carries, if any (dev mailbox only). */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  link?: string | null | undefined;
  /** See `RenderedEmail.privateLink`. */
  privateLink?: boolean | undefined;
  /**
   * The outbox row's id. The Message-ID is made from it, so should the email ever be sent
   * again (a process died between the server's accept and the record), it is the same message.
   */
  id?: string | undefined;
}

/** A message the dev mailbox kept instead of sending. */
export interface DevMailboxMessage {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  link: string | null;
  sentAt: Date;
}

interface TransportBase {
  /** Delivers the message or throws a `MailSendError`. */
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

export interface SmtpMailTransport extends TransportBase {
  kind: "smtp";
}

export interface DevMailTransport extends TransportBase {
  kind: "dev";
  /** The last `DEV_MAILBOX_SIZE` messages, newest first. */
  list(): DevMailboxMessage[];
}

export type MailTransport = SmtpMailTransport | DevMailTransport;

export interface MailTransportOptions {
  /** `smtp://user:pass@host:port` or `smtps://…`; unset keeps mail in the dev mailbox. */
  smtpUrl?: string | undefined;
  /** The From header, e.g. `Invitations <no-reply@example.com>`. */
  from: string;
  logger: Logger;
  /** Upper bound for one SMTP send, end to end; keep it well under the worker's lease. */
  sendTimeoutMs?: number | undefined;
}

/**
 * Why a send failed. `permanent` means the server refused this message for good (a 5xx reply
 * to the recipient), so retrying it would only be refused again; everything else (the server
 * is down, slow, busy or says 4xx) is worth retrying.
 */
export class MailSendError extends Error {
  override name = "MailSendError";
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export const DEV_MAILBOX_SIZE = 200;
/** What the dev mailbox shows instead of a link into someone's account. */
export const PRIVATE_LINK_NOTE = "[link hidden here: it opens the account; find it in the server log]";

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}
const SMTP_TIMEOUT_MS = 10_000;
const SEND_TIMEOUT_MS = 60_000;
/** SMTP connections kept open at once: enough to overlap round trips, few enough for any server. */
const SMTP_POOL_SIZE = 4;

export function createMailTransport(options: MailTransportOptions): MailTransport {
  return options.smtpUrl ? createSmtpTransport(options, options.smtpUrl) : createDevTransport(options);
}

function createSmtpTransport(options: MailTransportOptions, url: string): SmtpMailTransport {
  // A pool of a few connections, each reused for up to 100 messages: a bulk invitation of
  // thousands would otherwise pay a TCP (and TLS) handshake and a login per email. The pool
  // drops a connection that fails, and the worker retries what it was sending. Each wait is
  // bounded so a dead server fails fast.
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: SMTP_POOL_SIZE,
    maxMessages: 100,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    dnsTimeout: SMTP_TIMEOUT_MS,
  });
  const sendTimeoutMs = options.sendTimeoutMs ?? SEND_TIMEOUT_MS;
  const messageIdDomain = senderDomain(options.from);
  return {
    kind: "smtp",
    async send(mail) {
      try {
        await transporter.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          headers: { "Auto-Submitted": "auto-generated" },
          ...(mail.id ? { messageId: `<outbox.${mail.id}@${messageIdDomain}>` } : {}),
          signal: AbortSignal.timeout(sendTimeoutMs),
        });
      } catch (error) {
        throw toMailSendError(error);
      }
    },
    async close() {
      transporter.close();
    },
  };
}

/** The domain of the sender's address (`Invitations <no-reply@example.com>` → example.com), for Message-IDs. */
export function senderDomain(from: string): string {
  const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1];
  return domain && /^[A-Za-z0-9.-]+$/.test(domain) ? domain.toLowerCase() : "localhost";
}

/** A short, secret-free description of an SMTP failure, for `lastError` and the logs. */
function toMailSendError(error: unknown): MailSendError {
  const e: NodemailerError = error instanceof Error ? error : new Error(String(error));
  const reason = e.response ? `SMTP ${e.response}` : `${e.code ? `${e.code}: ` : ""}${e.message}`;
  // Only a recipient refused for good is final; a refused login or message may be fixed by
  // the operator (credentials, sender domain) and then go through on a later attempt.
  const permanent = e.permanent === true && e.code === "EENVELOPE";
  return new MailSendError(reason.replace(/\s+/g, " ").trim().slice(0, 300), permanent, { cause: error });
}

function createDevTransport(options: MailTransportOptions): DevMailTransport {
  const messages: DevMailboxMessage[] = [];
  options.logger.info("SMTP_URL is not set: emails stay in the dev mailbox and their links are logged");
  return {
    kind: "dev",
    async send(mail) {
      const hide = (content: string) =>
        mail.privateLink && mail.link ? content.replaceAll(mail.link, PRIVATE_LINK_NOTE).replaceAll(escapeHtml(mail.link), PRIVATE_LINK_NOTE) : content;
      const message: DevMailboxMessage = {
        id: randomUUID(),
        to: mail.to,
        subject: mail.subject,
        html: hide(mail.html),
        text: hide(mail.text),
        link: mail.privateLink ? null : (mail.link ?? null),
        sentAt: new Date(),
      };
      messages.unshift(message);
      if (messages.length > DEV_MAILBOX_SIZE) messages.length = DEV_MAILBOX_SIZE;
      // The one place a raw link is logged: dev mode, where there is no other way to get it.
      options.logger.info({ mail: { id: message.id, to: mail.to, subject: mail.subject, link: mail.link ?? null } }, "dev mailbox");
    },
    list: () => messages.slice(),
    async close() {},
  };
}
