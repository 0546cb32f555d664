import type { User } from "@invite/db";
import type { Role } from "@invite/schemas";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Ways this user can sign in: "password" and provider ids. */
  providers: string[];
}

/** Prisma `include` for a user's linked providers, in the order the session lookup gives them. */
export const withProviders = { accounts: { select: { provider: true }, orderBy: { provider: "asc" } } } as const;

/** A user with the providers they have linked: what every request knows about its caller. */
export type UserWithProviders = User & { accounts: Array<{ provider: string }> };

export function toPublicUser(user: UserWithProviders): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    providers: [...(user.passwordHash ? ["password"] : []), ...user.accounts.map((a) => a.provider)],
  };
}

/** A display name for someone who gave none: the part of the email before the @. */
export function defaultName(email: string): string {
  return email.split("@")[0] ?? email;
}
