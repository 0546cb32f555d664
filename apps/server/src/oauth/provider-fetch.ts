import {
  ArcticFetchError,
  OAuth2RequestError,
  UnexpectedErrorResponseBodyError,
  UnexpectedResponseError,
  type OAuth2Client,
  type OAuth2Tokens,
} from "arctic";
import { ProviderRejectedError, ProviderUnavailableError } from "./provider.ts";

/** Every call to a provider gives up after this long; the person sees an error page, not a spinner. */
export const PROVIDER_TIMEOUT_MS = 5_000;

/** GETs JSON from a provider within `timeoutMs`; failures become the two provider errors. */
export async function fetchProviderJson(url: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/json", "user-agent": "invitations", ...headers },
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new ProviderUnavailableError(`${url}: ${describe(error, timeoutMs)}`, { cause: error });
  }
  if (response.status >= 500) throw new ProviderUnavailableError(`${url}: HTTP ${response.status}`);
  if (!response.ok) throw new ProviderRejectedError(`${url}: HTTP ${response.status}`);
  try {
    return await response.json();
  } catch (error) {
    throw new ProviderUnavailableError(`${url}: ${describe(error, timeoutMs)}`, { cause: error });
  }
}

/**
 * Arctic's token request, bounded by `timeoutMs` too. Arctic calls the global fetch without a
 * signal, so the deadline is raced beside it: we stop waiting, the socket is dropped later.
 */
export async function exchangeCode(
  client: OAuth2Client,
  tokenEndpoint: string,
  code: string,
  codeVerifier: string | null,
  timeoutMs: number,
): Promise<OAuth2Tokens> {
  try {
    return await withDeadline(client.validateAuthorizationCode(tokenEndpoint, code, codeVerifier), timeoutMs);
  } catch (error) {
    throw toProviderError(error, tokenEndpoint, timeoutMs);
  }
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise<T>((resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    work.then(resolve, reject);
  });
}

function toProviderError(error: unknown, url: string, timeoutMs: number): Error {
  if (error instanceof ProviderUnavailableError || error instanceof ProviderRejectedError) return error;
  if (error instanceof OAuth2RequestError) {
    return new ProviderRejectedError(`${url}: ${error.code}`, { cause: error });
  }
  if (error instanceof UnexpectedResponseError || error instanceof UnexpectedErrorResponseBodyError) {
    // Arctic reports an unparsable 200 as UnexpectedResponseError(200): a bad answer, not a refusal.
    const unavailable = error.status >= 500 || error.status === 200;
    const Kind = unavailable ? ProviderUnavailableError : ProviderRejectedError;
    return new Kind(`${url}: HTTP ${error.status}`, { cause: error });
  }
  // ArcticFetchError (network), our deadline, or anything else unexpected from the provider.
  return new ProviderUnavailableError(`${url}: ${describe(error instanceof ArcticFetchError ? error.cause : error, timeoutMs)}`, {
    cause: error,
  });
}

/** GitHub answers a refused code with 200 and `{ error }`; Arctic's generic client passes that through. */
export function readAccessToken(tokens: OAuth2Tokens): string {
  const data = tokens.data as Record<string, unknown>;
  if (typeof data.error === "string") throw new ProviderRejectedError(`token endpoint: ${data.error}`);
  if (typeof data.access_token !== "string" || !data.access_token) {
    throw new ProviderUnavailableError("token endpoint: no access_token in the response");
  }
  return data.access_token;
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
}

function describe(error: unknown, timeoutMs: number): string {
  if (isTimeout(error)) return `no answer within ${timeoutMs / 1000} s`;
  return error instanceof Error ? error.message : String(error);
}
