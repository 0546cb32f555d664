import { trpc } from "../../trpc.ts";

/**
 * `mail.status`, shared by the admin sub-navigation (is there a dev mailbox?) and the
 * mailbox page. SMTP_URL is read at start-up, so the answer holds for the whole visit.
 */
export function mailStatusOptions() {
  return { ...trpc.mail.status.queryOptions(), staleTime: Infinity };
}
