// A real SMTP server for the browser tests: the app delivers its invitation emails to it
// over SMTP (`SMTP_URL=smtp://127.0.0.1:<smtpPort>`), exactly as it would to a relay, and the
// tests read what arrived over a tiny HTTP endpoint:
//
//   GET /__health     → 200 once both servers listen (the Playwright webServer's `url`)
//   GET /messages     → [{ to, from, subject, text, html, receivedAt }], oldest first
//
// Run standalone by a Playwright webServer entry: `node --import tsx e2e/support/mail-sink.ts`.
// Tests and the config import only the constants and `waitForMail`; the SMTP libraries
// (`smtp-server`, `mailparser`: devDependencies of apps/server) load only when it runs.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

export const MAIL_SINK = {
  smtpPort: Number(process.env.E2E_SMTP_PORT ?? 2526),
  httpPort: Number(process.env.E2E_MAIL_PORT ?? 3111),
  get smtpUrl() {
    return `smtp://127.0.0.1:${this.smtpPort}`;
  },
  get url() {
    return `http://127.0.0.1:${this.httpPort}`;
  },
};

/** A message as a mail client would show it. */
export interface SunkMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  receivedAt: string;
}

/**
 * The newest message to `to` that `match` accepts, waiting for it to arrive (the app's
 * outbox sends within a second or two of the invitation).
 */
export async function waitForMail(
  to: string,
  { match = () => true, timeout = 30_000 }: { match?: (mail: SunkMail) => boolean; timeout?: number } = {},
): Promise<SunkMail> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const response = await fetch(`${MAIL_SINK.url}/messages`);
    const messages = (await response.json()) as SunkMail[];
    const found = messages.filter((mail) => mail.to.includes(to.toLowerCase()) && match(mail)).at(-1);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No email to ${to} arrived within ${timeout} ms (${messages.length} in the sink).`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The invitation link in an email's text part: `…/invite/<token>`. */
export function inviteLinkIn(mail: SunkMail): string {
  const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`No invitation link in the email "${mail.subject}".`);
  return link;
}

// ---------------------------------------------------------------------------------------------

// The little of `smtp-server` and `mailparser` used here, typed locally: the packages (and
// their @types) are apps/server's devDependencies and don't resolve from this folder.
interface SmtpSession {
  envelope: { rcptTo: Array<{ address: string }> };
}
interface SmtpServer {
  listen(port: number, host: string, callback: () => void): void;
  close(callback: () => void): void;
  once(event: "error", listener: (error: Error) => void): void;
}
interface SmtpServerModule {
  SMTPServer: new (options: {
    authOptional: boolean;
    disabledCommands: string[];
    disableReverseLookup: boolean;
    logger: boolean;
    onData(stream: NodeJS.ReadableStream, session: SmtpSession, callback: (error?: Error | null) => void): void;
  }) => SmtpServer;
}
interface MailparserModule {
  simpleParser(source: NodeJS.ReadableStream): Promise<{
    from?: { text: string };
    subject?: string;
    text?: string;
    html?: string | false;
  }>;
}

async function startSink() {
  // Resolved from apps/server, whose devDependencies they are.
  const require = createRequire(new URL("../../apps/server/package.json", import.meta.url));
  const { SMTPServer } = require("smtp-server") as SmtpServerModule;
  const { simpleParser } = require("mailparser") as MailparserModule;
  const messages: SunkMail[] = [];

  const smtp = new SMTPServer({
    // Plain SMTP on loopback: no TLS upgrade and no login, so any client config delivers.
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          messages.push({
            to: session.envelope.rcptTo.map((address) => address.address.toLowerCase()),
            from: parsed.from?.text ?? "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            receivedAt: new Date().toISOString(),
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });

  const http = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/__health") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
    } else if (req.method === "GET" && req.url === "/messages") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(messages));
    } else {
      res.writeHead(404).end();
    }
  });

  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(MAIL_SINK.smtpPort, "127.0.0.1", () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(MAIL_SINK.httpPort, "127.0.0.1", () => resolve());
  });
  console.log(`mail sink: SMTP on ${MAIL_SINK.smtpUrl}, messages at ${MAIL_SINK.url}/messages`);

  const stop = () => {
    http.close();
    smtp.close(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// Started only when run as a script; tests and the Playwright config import the helpers above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  startSink().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
