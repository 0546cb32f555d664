import type { PrismaClient, Role, User } from "@invite/db";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Ways this user can sign in: "password" and provider ids. */
  providers: string[];
}

export async function toPublicUser(prisma: Pick<PrismaClient, "oAuthAccount">, user: User): Promise<PublicUser> {
  const accounts = await prisma.oAuthAccount.findMany({ where: { userId: user.id }, select: { provider: true } });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    providers: [...(user.passwordHash ? ["password"] : []), ...accounts.map((a) => a.provider)],
  };
}

/** A display name for someone who gave none: the part of the email before the @. */
export function defaultName(email: string): string {
  return email.split("@")[0] ?? email;
}
