import type { Role } from "@invite/db";
import { orAlreadyMember } from "../errors.ts";
import type { Tx } from "../invitations/shared.ts";
import type { NewPasskey } from "../passkeys/relying-party.ts";

/**
 * How the new account signs in: a password hash, the provider account that proved the email,
 * or a passkey (made for the account's id, chosen beforehand: its user handle names it).
 */
export type SignUpCredential =
  | { passwordHash: string; oauth?: undefined; passkey?: undefined }
  | { passwordHash?: undefined; oauth: { provider: string; providerUserId: string }; passkey?: undefined }
  | { passwordHash?: undefined; oauth?: undefined; passkey: NewPasskey & { userId: string } };

export interface NewAccount {
  name: string;
  credential: SignUpCredential;
  /** "password" or the provider's id, for the activity page. */
  method?: string;
}

/** The account of a proven email, with its credential; an email registered meanwhile is ALREADY_MEMBER. */
export function createMember(tx: Tx, email: string, account: NewAccount, role: Role, now: Date) {
  const { passwordHash, oauth, passkey } = account.credential;
  return orAlreadyMember(
    tx.user.create({
      data: {
        email,
        name: account.name,
        role,
        passwordHash: passwordHash ?? null,
        createdAt: now,
        ...(oauth && { accounts: { create: { ...oauth, email, createdAt: now } } }),
        ...(passkey && { id: passkey.userId, passkeys: { create: { ...withoutUserId(passkey), name: "Passkey", createdAt: now } } }),
      },
    }),
    "An account with this email already exists. Sign in instead.",
  );
}

function withoutUserId({ userId: _, ...passkey }: NewPasskey & { userId: string }): NewPasskey {
  return passkey;
}
