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

  const server = new SMTPServer({
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
      stream.on("end", () => {
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
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
