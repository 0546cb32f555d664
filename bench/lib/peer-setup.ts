// Each side of the peer benchmark made ready for load: the same accounts on ours, Better Auth and
// the floor, signed in, each answering its session check with the right user before it is loaded.
import * as betterAuth from "./better-auth-client.ts";
import { type BenchDatabase, createUsers } from "./db.ts";
import { signIn, trpcQuery } from "./http.ts";
import type { ServerProcess } from "./process.ts";

/**
 * Admins who invite, and who sign in during the sign-in load. Ours allows 500 invitations per
 * admin per hour, so the load rotates over ACCOUNTS admin sessions (25,000 an hour, far more
 * than one process serves in a run); Better Auth's owners rotate the same way, one organization
 * each, since it reads every pending invitation of the organization on each invite.
 */
export const ACCOUNTS = 50;
const adminEmails = Array.from({ length: ACCOUNTS }, (_, i) => `admin${i}@bench.test`);
const ME = "me@bench.test";

/**
 * A distinct address for the nth request, named in X-Forwarded-For (our server trusts one proxy
 * hop in this benchmark), so per-address sign-in limits bucket load as they would many people.
 * Loopback addresses: nothing is ever sent to them, they only key the buckets.
 */
export const clientAddress = (n: number) => `127.${1 + ((n >> 16) & 127)}.${(n >> 8) & 255}.${n & 255}`;

export interface OursReady {
  admins: { email: string; cookie: string }[];
  meCookie: string;
}

/** Seeds ours before it starts (its server then finds admins and prints no setup link). */
export async function seedOurs(db: BenchDatabase) {
  await createUsers(db, adminEmails, "ADMIN");
  await createUsers(db, [ME]);
}

export async function signInOurs(ours: ServerProcess): Promise<OursReady> {
  const admins = [];
  for (const [i, email] of adminEmails.entries()) {
    admins.push({ email, cookie: await signIn(ours.origin, email, { "x-forwarded-for": clientAddress(1_000_000 + i) }) });
  }
  const meCookie = await signIn(ours.origin, ME, { "x-forwarded-for": clientAddress(1_000_100) });
  const me = (await trpcQuery(ours.origin, "auth.me", meCookie)) as { email: string } | null;
  if (me?.email !== ME) throw new Error(`our auth.me did not see the session: ${JSON.stringify(me)}`);
  return { admins, meCookie };
}

/** Invitations Better Auth holds before the load: the one that proves the path works. */
export const PEER_SETUP_INVITATIONS = 1;

export interface PeerReady {
  owners: { email: string; cookie: string; organizationId: string }[];
  meCookie: string;
}

/** Better Auth's accounts are made through its API: its own password hashes, its own sessions. */
export async function signUpPeer(peer: ServerProcess): Promise<PeerReady> {
  const owners = [];
  for (const [i, email] of adminEmails.entries()) {
    const cookie = await betterAuth.signUp(peer.origin, email);
    owners.push({ email, cookie, organizationId: await betterAuth.createOrganization(peer.origin, cookie, `org-${i}`) });
  }
  const meCookie = await betterAuth.signUp(peer.origin, ME);
  const me = await betterAuth.sessionEmail(peer.origin, meCookie);
  if (me !== ME) throw new Error(`Better Auth's get-session did not see the session: ${me}`);
  // Both invite paths work before any load: a refusal would otherwise be measured as throughput.
  await betterAuth.invite(peer.origin, owners[0]!.cookie, owners[0]!.organizationId, "first@peer.bench.test");
  return { owners, meCookie };
}

export interface FloorReady {
  adminIds: string[];
  meId: string;
}

export async function seedFloor(db: BenchDatabase): Promise<FloorReady> {
  const admins = await createUsers(db, adminEmails, "ADMIN");
  const [me] = await createUsers(db, [ME]);
  return { adminIds: admins.map((admin) => admin.id), meId: me!.id };
}

export async function checkFloor(floor: ServerProcess, ready: FloorReady): Promise<void> {
  const me = (await (await fetch(`${floor.origin}/me/${ready.meId}`)).json()) as { email?: string } | null;
  if (me?.email !== ME) throw new Error(`the floor did not find the user: ${JSON.stringify(me)}`);
}
