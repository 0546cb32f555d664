export {
  createMailTransport,
  DEV_MAILBOX_SIZE,
  MailSendError,
  type DevMailboxMessage,
  type DevMailTransport,
  type MailTransport,
  type MailTransportOptions,
  type OutgoingMail,
  type SmtpMailTransport,
} from "./transport.ts";
export { EmailRenderError, renderEmail, type RenderedEmail } from "./render.ts";
export { exponentialBackoff, startOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from "./worker.ts";
