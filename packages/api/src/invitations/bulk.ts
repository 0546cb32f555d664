import { emailSchema, type BulkInviteOutcome, type BulkInviteReason, type Role } from "@invite/schemas";
import type { Services } from "../context.ts";
import { checkRedirectUrl } from "../redirects.ts";
import { getSettings } from "../settings.ts";
import { inviteChunk, type BulkPerson } from "./bulk-chunk.ts";
import { spendInviteAllowance } from "./limits.ts";
import { assertRoleAllowed, inviteUrl, type Actor } from "./shared.ts";
import { toInvitationView, type InvitationView } from "./view.ts";

/** People per transaction: big enough for few round trips, small enough for short locks. */
export const BULK_CHUNK_SIZE = 500;

export interface CreateManyInvitations {
  people: Array<{ email: string; name?: string | undefined }>;
  role: Role;
  expiresInHours?: number | undefined;
  message?: string | undefined;
  /** One for the whole list, as create's. */
  redirectUrl?: string | undefined;
}

export interface BulkInvitationResult {
  /** Trimmed and lower-cased; as given (trimmed) when it is not an address. */
  email: string;
  outcome: BulkInviteOutcome;
  /** Why it is `invalid`. */
  reason?: BulkInviteReason;
  /** The invitation as `invitation.get` shows it, when invited or renewed. */
  invitation?: InvitationView;
  /** Its new link, as `invitation.create` answers it, when invited or renewed. */
  inviteUrl?: string;
}

/**
 * invitation.createMany: the rules of create for each person, answered in the order given.
 * A list past the admin's hourly allowance is refused whole before anything is written; a role
 * above the admin's is refused whole. Each person is then invited, renewed (a pending invitation
 * gets a new link and expiry, the old link dies), found to be a member, or invalid: not an
 * address, a repeat of an earlier entry (the first one counts), or past the recipient's 5 emails
 * an hour. Chunks of BULK_CHUNK_SIZE commit one by one: if one fails, those before it stand
 * (the request fails; sending the list again renews them rather than doubling them).
 */
export async function createManyInvitations(services: Services, actor: Actor, input: CreateManyInvitations) {
  assertRoleAllowed(actor, input.role);
  const redirectUrl = checkRedirectUrl(services.config, input.redirectUrl);
  const results: BulkInvitationResult[] = new Array(input.people.length);
  const plan: Array<BulkPerson & { index: number }> = [];
  const seen = new Set<string>();
  for (const [index, person] of input.people.entries()) {
    const parsed = emailSchema.safeParse(person.email);
    if (!parsed.success) {
      results[index] = { email: person.email.trim(), outcome: "invalid", reason: "INVALID_EMAIL" };
    } else if (seen.has(parsed.data)) {
      results[index] = { email: parsed.data, outcome: "invalid", reason: "DUPLICATE" };
    } else {
      seen.add(parsed.data);
      plan.push({ index, email: parsed.data, name: person.name?.trim() || null });
    }
  }

  const { prisma } = services.db;
  const settings = await getSettings(prisma);
  // Members get no email, so they cost no allowance; each chunk looks again under its locks.
  const members = await prisma.user.findMany({ where: { email: { in: [...seen] } }, select: { email: true } });
  const toSend = seen.size - members.length;
  const allowance = toSend > 0 ? await spendInviteAllowance(services, actor.user.id, toSend, settings.invitesPerAdminPerHour) : null;

  const now = services.clock.now();
  const hours = input.expiresInHours ?? settings.defaultInviteHours;
  const terms = {
    role: input.role,
    message: input.message?.trim() || null,
    redirectUrl,
    hours,
    expiresAt: new Date(now.getTime() + hours * 3_600_000),
    now,
  };
  let sent = 0;
  try {
    for (let start = 0; start < plan.length; start += BULK_CHUNK_SIZE) {
      const chunk = plan.slice(start, start + BULK_CHUNK_SIZE);
      const outcomes = await inviteChunk(services, actor, chunk, terms);
      for (const { index, email } of chunk) {
        const outcome = outcomes.get(email);
        if (outcome?.kind === "sent") {
          sent++;
          results[index] = {
            email,
            outcome: outcome.renewed ? "renewed" : "invited",
            invitation: toInvitationView(outcome.row, now),
            inviteUrl: inviteUrl(services.config.appUrl, outcome.token),
          };
        } else if (outcome?.kind === "rateLimited") {
          results[index] = { email, outcome: "invalid", reason: "RATE_LIMITED" };
        } else {
          results[index] = { email, outcome: "already_member" };
        }
      }
    }
  } catch (error) {
    // The emails not sent go back; if the database is what failed, the refund can't land
    // either, and the failure is the answer.
    await allowance?.refund(toSend - sent).catch(() => undefined);
    throw error;
  }
  await allowance?.refund(toSend - sent);
  return { results };
}
