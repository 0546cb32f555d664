// Test doubles for OAuth providers: real HTTP servers on loopback ports that speak the real
// protocols (authorization code + PKCE, GitHub's REST API, OpenID Connect discovery, JWKS,
// signed ID tokens), plus a tiny browser that follows redirects and keeps cookies.
import { createHash, randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Request, type Response as ExpressResponse } from "express";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

/** How an endpoint misbehaves: 500, never answering in time, or a body that is not JSON. */
export type FailureMode = "500" | "slow" | "bad-json";

/** How long a "slow" endpoint keeps the caller waiting: longer than the server's 5 s provider timeout. */
export const SLOW_MS = 15_000;

const randomToken = () => randomBytes(16).toString("hex");
const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

async function listen(app: express.Express): Promise<{ server: Server; origin: string }> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server) {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Answers with the failure when one is set for this endpoint; true when it did. */
function misbehave(res: ExpressResponse, mode: FailureMode | undefined): boolean {
  if (!mode) return false;
  if (mode === "500") res.status(500).json({ message: "Internal Server Error" });
  if (mode === "bad-json") res.status(200).type("application/json").send("{ this is not json");
  if (mode === "slow") {
    const timer = setTimeout(() => {
      if (!res.writableEnded && !res.destroyed) res.status(504).end();
    }, SLOW_MS);
    timer.unref();
    res.on("close", () => clearTimeout(timer));
  }
  return true;
}

/** The redirect back to the client, as an authorization server sends it. */
function redirectBack(res: ExpressResponse, redirectUri: string, params: Record<string, string>) {
  const target = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  res.redirect(302, target.href);
}

/** Client authentication by HTTP Basic (what Arctic sends) or in the body. */
function clientCredentials(req: Request): { id: string; secret: string } | null {
  const header = req.get("authorization");
  if (header?.startsWith("Basic ")) {
    const [id, secret] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
    return id && secret ? { id, secret } : null;
  }
  const body = req.body as Record<string, string | undefined>;
  return body.client_id && body.client_secret ? { id: body.client_id, secret: body.client_secret } : null;
}

interface IssuedCode<T> {
  redirectUri: string;
  codeChallenge: string | null;
  nonce: string | null;
  subject: T;
}

/** Checks and spends an authorization code: one use, same redirect_uri, PKCE verifier when a challenge was sent. */
function redeemCode<T>(codes: Map<string, IssuedCode<T>>, body: Record<string, string | undefined>) {
  const issued = body.code ? codes.get(body.code) : undefined;
  if (!issued) return null;
  codes.delete(body.code!);
  if (issued.redirectUri !== body.redirect_uri) return null;
  if (issued.codeChallenge && (!body.code_verifier || s256(body.code_verifier) !== issued.codeChallenge)) return null;
  return issued;
}

// ---------------------------------------------------------------------------------------------
// GitHub

export interface GitHubEmail {
  email: string;
  verified: boolean;
  primary: boolean;
}

export interface GitHubAccount {
  id: number;
  login: string;
  name: string | null;
  emails: GitHubEmail[];
}

export interface GitHubDouble {
  /** GITHUB_URL: the web origin with /login/oauth/*. */
  url: string;
  /** GITHUB_API_URL: `<url>/api/v3`, like GitHub Enterprise Server. */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** The account the next person to pass the authorize page signs in as. */
  account: GitHubAccount;
  failures: Partial<Record<"token" | "user" | "emails", FailureMode>>;
  /** Answer the authorize page with `error=access_denied`, as when the person clicks Cancel. */
  deny: boolean;
  /** Every POST to the token endpoint, counted before anything else. */
  tokenRequests: number;
  /** The query of each authorize request, for checking what the server sent. */
  authorizeRequests: URLSearchParams[];
  /** Whether each token request carried a code_verifier. */
  tokenRequestsWithVerifier: number;
  /** Back to a well-behaved provider with a fresh default account and zeroed counters. */
  reset(account?: Partial<GitHubAccount>): void;
  close(): Promise<void>;
}

let nextGitHubId = 9_000_001;

/** A GitHub account with one verified, primary email. */
export function gitHubAccount(email: string, overrides: Partial<GitHubAccount> = {}): GitHubAccount {
  const id = nextGitHubId++;
  return { id, login: `user${id}`, name: `GitHub User ${id}`, emails: [{ email, verified: true, primary: true }], ...overrides };
}

export async function startGitHubDouble(): Promise<GitHubDouble> {
  const codes = new Map<string, IssuedCode<GitHubAccount>>();
  const accessTokens = new Map<string, GitHubAccount>();
  const app = express();
  app.use(express.urlencoded({ extended: false }));

  const double: Omit<GitHubDouble, "url" | "apiUrl" | "close"> = {
    clientId: "github-client-id",
    clientSecret: "github-client-secret",
    account: gitHubAccount("someone@example.com"),
    failures: {},
    deny: false,
    tokenRequests: 0,
    authorizeRequests: [],
    tokenRequestsWithVerifier: 0,
    reset(account) {
      this.account = { ...gitHubAccount("someone@example.com"), ...account };
      this.failures = {};
      this.deny = false;
      this.tokenRequests = 0;
      this.tokenRequestsWithVerifier = 0;
      this.authorizeRequests = [];
    },
  };

  app.get("/login/oauth/authorize", (req, res) => {
    const query = new URLSearchParams(req.url.split("?")[1] ?? "");
    double.authorizeRequests.push(query);
    const redirectUri = query.get("redirect_uri");
    const state = query.get("state");
    if (query.get("client_id") !== double.clientId || !redirectUri || !state) {
      res.status(400).send("The client_id, redirect_uri and state are required.");
      return;
    }
    if (double.deny) {
      redirectBack(res, redirectUri, { error: "access_denied", error_description: "The user has denied your application access.", state });
      return;
    }
    const code = randomToken();
    codes.set(code, { redirectUri, codeChallenge: query.get("code_challenge"), nonce: null, subject: structuredClone(double.account) });
    redirectBack(res, redirectUri, { code, state });
  });

  app.post("/login/oauth/access_token", (req, res) => {
    double.tokenRequests += 1;
    const body = req.body as Record<string, string | undefined>;
    if (body.code_verifier) double.tokenRequestsWithVerifier += 1;
    if (misbehave(res, double.failures.token)) return;
    const client = clientCredentials(req);
    if (client?.id !== double.clientId || client.secret !== double.clientSecret) {
      res.json({ error: "incorrect_client_credentials" });
      return;
    }
    // GitHub answers a bad code with 200 and an error body.
    const issued = redeemCode(codes, body);
    if (!issued) {
      res.json({ error: "bad_verification_code", error_description: "The code passed is incorrect or expired." });
      return;
    }
    const accessToken = `gho_${randomToken()}`;
    accessTokens.set(accessToken, issued.subject);
    res.json({ access_token: accessToken, token_type: "bearer", scope: "read:user,user:email" });
  });

  const api = express.Router();
  const account = (req: Request) => accessTokens.get(req.get("authorization")?.replace(/^Bearer /, "") ?? "");
  api.get("/user", (req, res) => {
    if (misbehave(res, double.failures.user)) return;
    const found = account(req);
    if (!found) return void res.status(401).json({ message: "Bad credentials" });
    res.json({ id: found.id, login: found.login, name: found.name, email: null });
  });
  api.get("/user/emails", (req, res) => {
    if (misbehave(res, double.failures.emails)) return;
    const found = account(req);
    if (!found) return void res.status(401).json({ message: "Bad credentials" });
    res.json(found.emails.map((entry) => ({ ...entry, visibility: entry.primary ? "public" : null })));
  });
  app.use("/api/v3", api);

  const { server, origin } = await listen(app);
  return Object.assign(double, { url: origin, apiUrl: `${origin}/api/v3`, close: () => close(server) });
}

// ---------------------------------------------------------------------------------------------
// OpenID Connect

export type IdTokenTampering = {
  /** Sign for another client. */
  aud?: string;
  /** Claim another issuer. */
  iss?: string;
  /** Already expired an hour ago. */
  expired?: boolean;
  /** Signed with a key that is not in the JWKS (under the published key id). */
  badSignature?: boolean;
  /** Echo another nonce than the one sent to the authorize endpoint. */
  nonce?: string;
};

export interface OidcClaims {
  sub: string;
  email?: string;
  email_verified?: unknown;
  name?: string;
}

export interface OidcDouble {
  /** OIDC_ISSUER: `<origin>/realms/test`, like Keycloak. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the next person to pass the authorize page is. */
  claims: OidcClaims;
  tamper: IdTokenTampering;
  failures: Partial<Record<"discovery" | "token", FailureMode>>;
  deny: boolean;
  tokenRequests: number;
  tokenRequestsWithVerifier: number;
  authorizeRequests: URLSearchParams[];
  reset(claims?: Partial<OidcClaims>): void;
  close(): Promise<void>;
}

let nextSubject = 1;

export function oidcClaims(email: string, overrides: Partial<OidcClaims> = {}): OidcClaims {
  return { sub: `subject-${nextSubject++}`, email, email_verified: true, name: "OIDC Person", ...overrides };
}

/**
 * An OpenID Provider: discovery, a JWKS with one RS256 key made by jose, an authorize endpoint
 * and a token endpoint that returns a signed ID token. `advertisePkce` puts S256 into the
 * discovery document; `requirePkce` makes the token endpoint refuse a code redeemed without one
 * (Google requires PKCE without advertising it in discovery).
 */
export async function startOidcDouble(options: { advertisePkce?: boolean; requirePkce?: boolean } = {}): Promise<OidcDouble> {
  const advertisePkce = options.advertisePkce ?? true;
  const keyId = "double-key-1";
  const signingKey = await generateKeyPair("RS256");
  const strangerKey = await generateKeyPair("RS256");
  const publicJwk = { ...(await exportJWK(signingKey.publicKey)), kid: keyId, alg: "RS256", use: "sig" };
  const codes = new Map<string, IssuedCode<OidcClaims>>();
  const accessTokens = new Map<string, OidcClaims>();

  const double: Omit<OidcDouble, "issuer" | "close"> = {
    clientId: "oidc-client-id",
    clientSecret: "oidc-client-secret",
    claims: oidcClaims("someone@example.com"),
    tamper: {},
    failures: {},
    deny: false,
    tokenRequests: 0,
    tokenRequestsWithVerifier: 0,
    authorizeRequests: [],
    reset(claims) {
      this.claims = { ...oidcClaims("someone@example.com"), ...claims };
      this.tamper = {};
      this.failures = {};
      this.deny = false;
      this.tokenRequests = 0;
      this.tokenRequestsWithVerifier = 0;
      this.authorizeRequests = [];
    },
  };

  const app = express();
  app.use(express.urlencoded({ extended: false }));
  const realm = express.Router();
  let issuer = "";

  realm.get("/.well-known/openid-configuration", (_req, res) => {
    if (misbehave(res, double.failures.discovery)) return;
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
      token_endpoint: `${issuer}/protocol/openid-connect/token`,
      userinfo_endpoint: `${issuer}/protocol/openid-connect/userinfo`,
      jwks_uri: `${issuer}/protocol/openid-connect/certs`,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      ...(advertisePkce ? { code_challenge_methods_supported: ["plain", "S256"] } : {}),
    });
  });

  realm.get("/protocol/openid-connect/certs", (_req, res) => {
    res.json({ keys: [publicJwk] });
  });

  realm.get("/protocol/openid-connect/auth", (req, res) => {
    const query = new URLSearchParams(req.url.split("?")[1] ?? "");
    double.authorizeRequests.push(query);
    const redirectUri = query.get("redirect_uri");
    const state = query.get("state");
    const scopes = (query.get("scope") ?? "").split(" ");
    if (query.get("client_id") !== double.clientId || !redirectUri || !state || query.get("response_type") !== "code" || !scopes.includes("openid")) {
      res.status(400).send("invalid_request");
      return;
    }
    if (double.deny) {
      redirectBack(res, redirectUri, { error: "access_denied", state });
      return;
    }
    const code = randomToken();
    codes.set(code, {
      redirectUri,
      codeChallenge: query.get("code_challenge_method") === "S256" ? query.get("code_challenge") : null,
      nonce: query.get("nonce"),
      subject: structuredClone(double.claims),
    });
    redirectBack(res, redirectUri, { code, state });
  });

  realm.post("/protocol/openid-connect/token", async (req, res) => {
    double.tokenRequests += 1;
    const body = req.body as Record<string, string | undefined>;
    if (body.code_verifier) double.tokenRequestsWithVerifier += 1;
    if (misbehave(res, double.failures.token)) return;
    const client = clientCredentials(req);
    if (client?.id !== double.clientId || client.secret !== double.clientSecret) {
      res.status(401).json({ error: "invalid_client" });
      return;
    }
    const issued = body.grant_type === "authorization_code" ? redeemCode(codes, body) : null;
    if (!issued || (options.requirePkce && !issued.codeChallenge)) {
      res.status(400).json({ error: "invalid_grant", error_description: "Code not valid" });
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const tamper = double.tamper;
    const { sub, ...profile } = issued.subject;
    const idToken = await new SignJWT({ ...profile, nonce: tamper.nonce ?? issued.nonce ?? undefined })
      .setProtectedHeader({ alg: "RS256", kid: keyId, typ: "JWT" })
      .setSubject(sub)
      .setIssuer(tamper.iss ?? issuer)
      .setAudience(tamper.aud ?? double.clientId)
      .setIssuedAt(tamper.expired ? now - 7200 : now)
      .setExpirationTime(tamper.expired ? now - 3600 : now + 300)
      .sign((tamper.badSignature ? strangerKey : signingKey).privateKey);
    const accessToken = randomToken();
    accessTokens.set(accessToken, issued.subject);
    res.json({ access_token: accessToken, token_type: "Bearer", expires_in: 300, id_token: idToken, scope: "openid email profile" });
  });

  realm.get("/protocol/openid-connect/userinfo", (req, res) => {
    const claims = accessTokens.get(req.get("authorization")?.replace(/^Bearer /, "") ?? "");
    if (!claims) return void res.status(401).json({ error: "invalid_token" });
    res.json(claims);
  });

  app.use("/realms/test", realm);
  const { server, origin } = await listen(app);
  issuer = `${origin}/realms/test`;
  return Object.assign(double, { issuer, close: () => close(server) });
}

// ---------------------------------------------------------------------------------------------
// A browser, as far as these flows need one

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  expiresAt: number | null;
  httpOnly: boolean;
  sameSite: string | null;
  maxAge: number | null;
}

/**
 * Follows redirects itself (`redirect: "manual"`) and keeps cookies per host, honouring Path,
 * Max-Age and Expires, the way a browser would for these plain-http loopback origins.
 */
export class Browser {
  private jar = new Map<string, StoredCookie>();
  /** Every Set-Cookie header seen, raw, for checking attributes. */
  readonly setCookieHeaders: string[] = [];

  /** One request; cookies sent and stored, redirects not followed. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(target, { ...init, headers, redirect: "manual" });
    for (const header of response.headers.getSetCookie()) this.store(target, header);
    return response;
  }

  /** Navigates like a browser: follows up to 10 redirects and returns where it ended. */
  async navigate(url: string | URL): Promise<{ url: URL; response: Response; visited: URL[] }> {
    let current = new URL(url);
    const visited = [current];
    for (let hop = 0; hop < 10; hop += 1) {
      const response = await this.fetch(current);
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response, visited };
      await response.body?.cancel();
      current = new URL(location, current);
      visited.push(current);
    }
    throw new Error(`Too many redirects from ${String(url)}`);
  }

  /** Stores a cookie as if `url` had set it: one planted by someone else, say. */
  plant(url: string | URL, setCookie: string) {
    this.store(new URL(url), setCookie);
  }

  /** A cookie this browser would send to `url`, or undefined. */
  cookie(url: string | URL, name: string): StoredCookie | undefined {
    const target = new URL(url);
    return this.matching(target).find((cookie) => cookie.name === name);
  }

  /** Cookies are per host, not per port, in browsers too. */
  private matching(target: URL): StoredCookie[] {
    const now = Date.now();
    return [...this.jar.entries()]
      .filter(([key, cookie]) => {
        const [host] = key.split("\t");
        if (host !== target.hostname) return false;
        if (cookie.expiresAt !== null && cookie.expiresAt <= now) return false;
        return target.pathname === cookie.path || target.pathname.startsWith(cookie.path.endsWith("/") ? cookie.path : `${cookie.path}/`);
      })
      .map(([, cookie]) => cookie);
  }

  private cookieHeader(target: URL): string {
    return this.matching(target)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join("; ");
  }

  private store(origin: URL, header: string) {
    this.setCookieHeaders.push(header);
    const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
    const separator = pair.indexOf("=");
    const name = pair.slice(0, separator);
    const value = pair.slice(separator + 1);
    const cookie: StoredCookie = { name, value, path: defaultPath(origin), expiresAt: null, httpOnly: false, sameSite: null, maxAge: null };
    for (const attribute of attributes) {
      const [key = "", raw = ""] = attribute.split("=");
      const lower = key.toLowerCase();
      if (lower === "path" && raw.startsWith("/")) cookie.path = raw;
      if (lower === "max-age") {
        cookie.maxAge = Number(raw);
        cookie.expiresAt = Date.now() + Number(raw) * 1000;
      }
      if (lower === "expires" && cookie.maxAge === null) cookie.expiresAt = Date.parse(raw);
      if (lower === "httponly") cookie.httpOnly = true;
      if (lower === "samesite") cookie.sameSite = raw;
    }
    const key = `${origin.hostname}\t${cookie.path}\t${name}`;
    if (cookie.expiresAt !== null && cookie.expiresAt <= Date.now()) this.jar.delete(key);
    else this.jar.set(key, cookie);
  }
}

/** RFC 6265 5.1.4: the request path up to its last slash. */
function defaultPath(url: URL): string {
  const path = url.pathname;
  const last = path.lastIndexOf("/");
  return last <= 0 ? "/" : path.slice(0, last);
}
