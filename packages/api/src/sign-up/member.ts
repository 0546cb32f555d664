import type { Role } from "@invite/db";
import { orAlreadyMember } from "../errors.ts";
import type { Tx } from "../invitations/shared.ts";

/** How the new account signs in: a password hash, or the provider account that proved the email. */
export type SignUpCredential =
  | { passwordHash: string; oauth?: undefined }
  | { passwordHash?: undefined; oauth: { provider: string; providerUserId: string } };

export interface NewAccount {
  name: string;
  credential: SignUpCredential;
  /** "password" or the provider's id, for the activity page. */
  method?: string;
}

/** The account of a proven email, with its credential; an email registered meanwhile is ALREADY_MEMBER. */
export function createMember(tx: Tx, email: string, account: NewAccount, role: Role, now: Date) {
  const { passwordHash, oauth } = account.credential;
  return orAlreadyMember(
    tx.user.create({
      data: {
        email,
        name: account.name,
        role,
        passwordHash: passwordHash ?? null,
        createdAt: now,
        ...(oauth && { accounts: { create: { ...oauth, email, createdAt: now } } }),
      },
    }),
    "An account with this email already exists. Sign in instead.",
  );
}
