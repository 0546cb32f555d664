import { buttonClassName } from "./ui/button.tsx";
import { cx } from "./ui/cx.ts";

/*
 * "Continue with GitHub" and friends. These are plain links, never fetches: the server's
 * `GET /auth/<id>/start` runs the OAuth dance with full-page redirects and comes back into
 * the SPA signed in (or on `/auth/error?reason=…`). Lazily loaded pages only: the
 * accept-invite page (entry chunk) has its own lighter buttons.
 */

export type Provider = { id: string; name: string };

/** Names for the providers we know, when the API's list isn't at hand. */
export const knownProviderNames: Record<string, string> = { github: "GitHub", google: "Google" };

/** A provider's display name: the API's (e.g. "Okta" for a generic OIDC one), else ours, else its id. */
export function providerName(id: string, providers?: readonly Provider[]): string {
  return providers?.find((provider) => provider.id === id)?.name ?? knownProviderNames[id] ?? id;
}

/** `/auth/github/start?redirectTo=/admin`; the path only ever goes to our own server. */
export function providerStartUrl(id: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const search = query.toString();
  return `/auth/${encodeURIComponent(id)}/start${search ? `?${search.replace(/%2F/gi, "/")}` : ""}`;
}

/** The provider's mark: GitHub's octocat, Google's G, a key for any OpenID Connect issuer. */
export function ProviderIcon({ id, className }: { id: string; className?: string }) {
  const size = (tone?: string) => cx("size-5 shrink-0", tone, className);
  if (id === "github") {
    return (
      <svg viewBox="0 0 16 16" fill="currentColor" aria-hidden="true" className={size("text-gray-900")}>
        <path d="M8 0C3.58 0 0 3.58 0 8c0 3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 0-.19-.01-.82-.01-1.49-2.01.37-2.53-.49-2.69-.94-.09-.23-.48-.94-.82-1.13-.28-.15-.68-.52-.01-.53.63-.01 1.08.58 1.23.82.72 1.21 1.87.87 2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64-3.95 0-.87.31-1.59.82-2.15-.08-.2-.36-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 2.2-.82.44 1.1.16 1.92.08 2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73.54 1.48 0 1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.01 8.01 0 0 0 16 8c0-4.42-3.58-8-8-8Z" />
      </svg>
    );
  }
  if (id === "google") {
    return (
      <svg viewBox="0 0 48 48" aria-hidden="true" className={size()}>
        <path
          fill="#FFC107"
          d="M43.6 20.1H42V20H24v8h11.3C33.7 32.7 29.2 36 24 36c-6.6 0-12-5.4-12-12s5.4-12 12-12c3.1 0 5.8 1.2 8 3l5.7-5.7C34 6.1 29.3 4 24 4 13 4 4 13 4 24s9 20 20 20 20-9 20-20c0-1.3-.1-2.6-.4-3.9Z"
        />
        <path
          fill="#FF3D00"
          d="m6.3 14.7 6.6 4.8C14.7 15.1 19 12 24 12c3.1 0 5.8 1.2 8 3l5.7-5.7C34 6.1 29.3 4 24 4 16.3 4 9.7 8.3 6.3 14.7Z"
        />
        <path
          fill="#4CAF50"
          d="M24 44c5.2 0 9.9-2 13.4-5.2l-6.2-5.2C29.2 35.1 26.7 36 24 36c-5.2 0-9.6-3.3-11.3-7.9l-6.5 5C9.5 39.6 16.2 44 24 44Z"
        />
        <path
          fill="#1976D2"
          d="M43.6 20.1H42V20H24v8h11.3c-.8 2.2-2.2 4.2-4.1 5.6l6.2 5.2C37 39.2 44 34 44 24c0-1.3-.1-2.6-.4-3.9Z"
        />
      </svg>
    );
  }
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      className={size("text-gray-600")}
    >
      <path d="M15.75 5.25a3 3 0 0 1 3 3m3 0a6 6 0 0 1-7.03 5.91c-.56-.1-1.16.03-1.56.43L10.5 17.25H8.25v2.25H6v2.25H2.25v-2.82c0-.6.24-1.17.66-1.59l6.5-6.5c.4-.4.53-1 .43-1.56A6 6 0 1 1 21.75 8.25Z" />
    </svg>
  );
}

type ProviderButtonsProps = {
  providers: readonly Provider[];
  /** Where each button goes: `(id) => providerStartUrl(id, { redirectTo })`. */
  href: (id: string) => string;
  /** The line above the buttons; null for none. */
  divider?: string | null;
  className?: string;
};

/** One full-width "Continue with {name}" link per provider; nothing at all when there are none. */
export function ProviderButtons({ providers, href, divider = "or continue with", className }: ProviderButtonsProps) {
  if (providers.length === 0) return null;
  return (
    <div className={className}>
      {divider && (
        <p className="flex items-center gap-3 text-xs font-medium tracking-wide text-gray-500 uppercase">
          <span aria-hidden="true" className="h-px flex-1 bg-gray-200" />
          {divider}
          <span aria-hidden="true" className="h-px flex-1 bg-gray-200" />
        </p>
      )}
      <ul className={cx("grid gap-2", divider && "mt-4")}>
        {providers.map((provider) => (
          <li key={provider.id}>
            <a
              href={href(provider.id)}
              className={buttonClassName({ variant: "secondary", className: "w-full gap-2.5" })}
            >
              <ProviderIcon id={provider.id} />
              Continue with {provider.name}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
