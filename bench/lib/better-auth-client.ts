// Better Auth's HTTP API as its client calls it: JSON bodies, the session in a signed cookie,
// and an Origin header on every POST (its CSRF check compares it with baseURL).
import { PASSWORD } from "./db.ts";

export const SESSION_COOKIE = "better-auth.session_token";

export const betterAuthPost = (origin: string, extra: Record<string, string> = {}) => ({
  "content-type": "application/json",
  origin,
  ...extra,
});

async function post(origin: string, path: string, body: unknown, cookie?: string) {
  const response = await fetch(`${origin}/api/auth/${path}`, {
    method: "POST",
    headers: betterAuthPost(origin, cookie ? { cookie } : {}),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Better Auth ${path}: ${response.status} ${await response.text()}`);
  return response;
}

function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`Better Auth set no ${SESSION_COOKIE} cookie`);
  return cookie.split(";")[0]!;
}

/** Signs up (its scrypt hash, made once per account) and returns the session cookie. */
export async function signUp(origin: string, email: string): Promise<string> {
  return sessionCookie(await post(origin, "sign-up/email", { email, password: PASSWORD, name: email.split("@")[0] }));
}

/** Creates an organization owned by the cookie's user and returns its id. */
export async function createOrganization(origin: string, cookie: string, slug: string): Promise<string> {
  const response = await post(origin, "organization/create", { name: slug, slug }, cookie);
  return ((await response.json()) as { id: string }).id;
}

/** GET get-session: the signed-in user's email, or null. */
export async function sessionEmail(origin: string, cookie: string): Promise<string | null> {
  const response = await fetch(`${origin}/api/auth/get-session`, { headers: { cookie } });
  if (!response.ok) throw new Error(`Better Auth get-session: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { user?: { email: string } } | null)?.user?.email ?? null;
}

/** One invitation, as the load sends them; returns its id. */
export async function invite(origin: string, cookie: string, organizationId: string, email: string): Promise<string> {
  const response = await post(origin, "organization/invite-member", { email, role: "member", organizationId }, cookie);
  return ((await response.json()) as { id: string }).id;
}
