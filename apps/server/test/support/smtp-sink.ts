import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A message the sink accepted, as a mail client would see it. */
export interface ReceivedMail {
  /** RCPT TO addresses. */
  envelopeTo: string[];
  /** MAIL FROM address. */
  envelopeFrom: string;
  /** The From header's first mailbox. */
  from: { name: string; address: string };
  subject: string;
  html: string;
  text: string;
  headers: Map<string, unknown>;
  raw: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for `createMailTransport({ smtpUrl })`. */
  url: string;
  /** Accepted messages, in arrival order. */
  messages: ReceivedMail[];
  /** How many messages were refused so far. */
  readonly refusedCount: number;
  /** Answer the next `count` messages with 451 (a temporary failure). */
  refuseNext(count: number): void;
  /** Answer every message with 451 until switched off again. */
  setRefusing(refusing: boolean): void;
  /** Answer RCPT TO for this address with 550 (no such mailbox), a permanent refusal. */
  rejectRecipient(address: string): void;
  /**
   * Runs `hook` once the message's data has arrived and before the sink answers (250, or 451
   * when refusing): the moment between the server having the email and the sender knowing it.
   * `null` removes it.
   */
  beforeAnswer(hook: ((envelopeTo: string[]) => Promise<void> | void) | null): void;
  /** Stops listening and drops open connections: the server is down (connections are refused). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a loopback port that keeps what it receives, parsed. It can play an
 * outage: refused messages get `451 4.3.0`, as a busy or broken relay would answer.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  let refuseCount = 0;
  let refusing = false;
  let refusedCount = 0;
  const rejected = new Set<string>();
  let hook: ((envelopeTo: string[]) => Promise<void> | void) | null = null;

  const createServer = () => new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 1_000,
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (!rejected.has(address.address)) return callback();
      callback(Object.assign(new Error("5.1.1 No such mailbox"), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      const answer = async () => {
        try {
          await hook?.(session.envelope.rcptTo.map((address) => address.address));
        } catch (error) {
          return callback(error as Error);
        }
        if (refusing || refuseCount > 0) {
          if (refuseCount > 0) refuseCount--;
          refusedCount++;
          const error = Object.assign(new Error("4.3.0 Temporary failure, please try again later"), {
            responseCode: 451,
          });
          return callback(error);
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            messages.push({
              envelopeTo: session.envelope.rcptTo.map((address) => address.address),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              from: { name: parsed.from?.value[0]?.name ?? "", address: parsed.from?.value[0]?.address ?? "" },
              subject: parsed.subject ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              text: parsed.text ?? "",
              headers: parsed.headers,
              raw: raw.toString("utf8"),
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      };
      stream.on("end", () => void answer());
    },
  });

  const listen = (instance: SMTPServer, port: number) =>
    new Promise<void>((resolve, reject) => {
      instance.once("error", reject);
      instance.listen(port, "127.0.0.1", () => resolve());
    });
  const stop = (instance: SMTPServer) => new Promise<void>((resolve) => instance.close(() => resolve()));

  let server: SMTPServer | null = createServer();
  await listen(server, 0);
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get refusedCount() {
      return refusedCount;
    },
    refuseNext(count) {
      refuseCount = count;
    },
    setRefusing(value) {
      refusing = value;
    },
    rejectRecipient(address) {
      rejected.add(address);
    },
    beforeAnswer(value) {
      hook = value;
    },
    async down() {
      if (!server) return;
      const closing = server;
      server = null;
      await stop(closing);
    },
    async up() {
      if (server) return;
      server = createServer();
      await listen(server, port);
    },
    close: async () => {
      if (server) await stop(server);
      server = null;
    },
  };
}
