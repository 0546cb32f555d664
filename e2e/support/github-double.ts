// A stand-in for GitHub in the browser tests: a real HTTP server on a fixed loopback port
// that speaks the parts of GitHub's OAuth web flow and REST API the app uses, like GitHub
// Enterprise Server (`GITHUB_URL=<origin>`, `GITHUB_API_URL=<origin>/api/v3`):
//
//   GET  /login/oauth/authorize      → 302 back to redirect_uri with code + state (no consent page)
//   POST /login/oauth/access_token   → { access_token } for a code, checking client secret and PKCE
//   GET  /api/v3/user                → { id, login, name }
//   GET  /api/v3/user/emails         → [{ email, verified, primary }]
//
// Who "logs in" is set by the test beforehand: `POST /__identity` (see `setGitHubIdentity`).
// Run standalone by a Playwright webServer entry: `node --import tsx e2e/support/github-double.ts`.
// (apps/server/test/support/oauth-doubles.ts has the full-featured double for the server's
// own tests; it binds a random port and is driven in-process, which a webServer can't do.)
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";

export const GITHUB_DOUBLE = {
  port: Number(process.env.E2E_GITHUB_PORT ?? 3110),
  get url() {
    return `http://127.0.0.1:${this.port}`;
  },
  get apiUrl() {
    return `${this.url}/api/v3`;
  },
  clientId: "e2e-github-client",
  clientSecret: "e2e-github-secret",
};

/** Who the next person through the authorize endpoint is. */
export interface GitHubIdentity {
  /** GitHub's immutable numeric id; derived from the email when omitted, so the same person comes back as the same user. */
  id?: number;
  login?: string;
  name?: string | null;
  /** The primary address. */
  email: string;
  /** Whether GitHub has verified it (default true). */
  verified?: boolean;
  /** More addresses on the account. */
  otherEmails?: Array<{ email: string; verified: boolean }>;
  /** Answer the authorize request with `error=access_denied`, as when the person clicks Cancel. */
  deny?: boolean;
}

/** Sets who the double logs in as, from a test: `await setGitHubIdentity({ email: "octo@example.com" })`. */
export async function setGitHubIdentity(identity: GitHubIdentity): Promise<void> {
  const response = await fetch(`${GITHUB_DOUBLE.url}/__identity`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(identity),
  });
  if (!response.ok) throw new Error(`GitHub double: POST /__identity answered ${response.status}`);
}

// ---------------------------------------------------------------------------------------------

interface Account {
  id: number;
  login: string;
  name: string | null;
  emails: Array<{ email: string; verified: boolean; primary: boolean }>;
  deny: boolean;
}

function accountFor(identity: GitHubIdentity): Account {
  const id = identity.id ?? 10_000_000 + (createHash("sha256").update(identity.email.toLowerCase()).digest().readUInt32BE(0) % 80_000_000);
  const login = identity.login ?? identity.email.split("@")[0]!.replace(/[^\w-]/g, "-");
  return {
    id,
    login,
    name: identity.name === undefined ? `${login} (GitHub)` : identity.name,
    emails: [
      { email: identity.email, verified: identity.verified ?? true, primary: true },
      ...(identity.otherEmails ?? []).map((entry) => ({ ...entry, primary: false })),
    ],
    deny: identity.deny ?? false,
  };
}

function startDouble() {
  let current = accountFor({ email: "someone@example.com" });
  const codes = new Map<string, { account: Account; redirectUri: string; challenge: string | null }>();
  const tokens = new Map<string, Account>();

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  };
  const bearer = (req: IncomingMessage) => tokens.get(req.headers.authorization?.replace(/^(Bearer|token) /i, "") ?? "");

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", GITHUB_DOUBLE.url);
      const route = `${req.method} ${url.pathname}`;

      if (route === "GET /__health") return json(res, 200, { ok: true });

      if (route === "POST /__identity") {
        const identity = JSON.parse((await readBody(req)) || "{}") as GitHubIdentity;
        if (typeof identity.email !== "string") return json(res, 400, { message: "email is required" });
        current = accountFor(identity);
        return json(res, 200, current);
      }

      if (route === "GET /login/oauth/authorize") {
        const redirectUri = url.searchParams.get("redirect_uri");
        const state = url.searchParams.get("state");
        if (url.searchParams.get("client_id") !== GITHUB_DOUBLE.clientId || !redirectUri || !state) {
          res.writeHead(400, { "content-type": "text/plain" });
          return res.end("client_id, redirect_uri and state are required");
        }
        const back = new URL(redirectUri);
        if (current.deny) {
          back.searchParams.set("error", "access_denied");
        } else {
          const code = randomBytes(16).toString("hex");
          const challenge = url.searchParams.get("code_challenge_method") === "S256" ? url.searchParams.get("code_challenge") : null;
          codes.set(code, { account: structuredClone(current), redirectUri, challenge });
          back.searchParams.set("code", code);
        }
        back.searchParams.set("state", state);
        res.writeHead(302, { location: back.href });
        return res.end();
      }

      if (route === "POST /login/oauth/access_token") {
        const body = new URLSearchParams(await readBody(req));
        const basic = req.headers.authorization?.startsWith("Basic ")
          ? Buffer.from(req.headers.authorization.slice(6), "base64").toString("utf8").split(":")
          : [body.get("client_id"), body.get("client_secret")];
        if (basic[0] !== GITHUB_DOUBLE.clientId || basic[1] !== GITHUB_DOUBLE.clientSecret) {
          return json(res, 200, { error: "incorrect_client_credentials" });
        }
        const code = body.get("code") ?? "";
        const issued = codes.get(code);
        codes.delete(code);
        const verifier = body.get("code_verifier");
        const pkceOk = !issued?.challenge || (verifier && createHash("sha256").update(verifier).digest("base64url") === issued.challenge);
        // Like GitHub: a bad code is a 200 with an error body.
        if (!issued || issued.redirectUri !== body.get("redirect_uri") || !pkceOk) {
          return json(res, 200, { error: "bad_verification_code", error_description: "The code passed is incorrect or expired." });
        }
        const accessToken = `gho_${randomBytes(16).toString("hex")}`;
        tokens.set(accessToken, issued.account);
        return json(res, 200, { access_token: accessToken, token_type: "bearer", scope: "read:user,user:email" });
      }

      if (route === "GET /api/v3/user" || route === "GET /api/v3/user/emails") {
        const account = bearer(req);
        if (!account) return json(res, 401, { message: "Bad credentials" });
        if (url.pathname.endsWith("/emails")) return json(res, 200, account.emails.map((entry) => ({ ...entry, visibility: null })));
        return json(res, 200, { id: account.id, login: account.login, name: account.name, email: null });
      }

      json(res, 404, { message: "Not Found" });
    })().catch((error: unknown) => {
      console.error("GitHub double:", error);
      if (!res.headersSent) json(res, 500, { message: "double failed" });
      else res.end();
    });
  });

  server.listen(GITHUB_DOUBLE.port, "127.0.0.1", () => {
    console.log(`GitHub double on ${GITHUB_DOUBLE.url}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// Started only when run as a script; tests and the Playwright config import the helpers above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) startDouble();
