import type { Services } from "../context.ts";
import type { UserWithProviders } from "../users.ts";
import { validateSessionToken } from "./session.ts";

export type RequestSession =
  | { user: UserWithProviders; sessionId: string; /** set when the expiry slid forward */ renewedUntil: Date | null }
  | null;

/** The caller behind a session cookie, if the token is valid; the transport handles the cookie. */
export async function resolveSession(services: Services, token: string | undefined): Promise<RequestSession> {
  if (!token) return null;
  const result = await validateSessionToken(services.db, token, services.clock.now());
  if (!result.ok) return null;
  return {
    user: result.user,
    sessionId: result.session.id,
    renewedUntil: result.refreshed ? result.session.expiresAt : null,
  };
}
