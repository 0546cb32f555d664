// The app's HTTP API as the SPA calls it: tRPC v11 without batching, superjson-encoded.
import { PASSWORD } from "./db.ts";

/** A non-batched tRPC mutation body: the input as superjson serializes it, `{"json": input}`. */
export const trpcBody = (input: unknown) => JSON.stringify({ json: input });

/** The headers a browser on the app's own origin sends with a tRPC mutation. */
export const jsonPost = (origin: string, extra: Record<string, string> = {}) => ({
  "content-type": "application/json",
  origin,
  ...extra,
});

/** Signs in over HTTP and returns the session cookie ("session=…") the server set. */
export async function signIn(origin: string, email: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${origin}/trpc/auth.signIn`, {
    method: "POST",
    headers: jsonPost(origin, headers),
    body: trpcBody({ email, password: PASSWORD }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("session="));
  if (!response.ok || !cookie) throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  return cookie.split(";")[0]!;
}

/** GET a tRPC query and return its superjson `json` payload. */
export async function trpcQuery(origin: string, path: string, cookie: string): Promise<unknown> {
  const response = await fetch(`${origin}/trpc/${path}`, { headers: { cookie } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { result: { data: { json: unknown } } }).result.data.json;
}
