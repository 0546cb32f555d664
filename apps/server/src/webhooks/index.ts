export { startWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from "./worker.ts";
export { postWebhook, type WebhookResponse } from "./post.ts";
export { isPublicAddress, guardedLookup } from "./target-guard.ts";
