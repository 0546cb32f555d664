import { trpc } from "../../trpc.ts";

/**
 * `mail.devMailbox`, shared by the admin sub-navigation (is there a mailbox at all?) and
 * the mailbox page. NOT_FOUND means SMTP is configured; asking again won't change that.
 */
export function devMailboxOptions() {
  return { ...trpc.mail.devMailbox.queryOptions(), retry: false };
}
