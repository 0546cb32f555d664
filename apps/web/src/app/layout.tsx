import { lazy, Suspense, useEffect, useRef, useSyncExternalStore, type ReactNode } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigationType } from "react-router";
import { cx } from "../components/ui/cx.ts";
import { Skeleton, Spinner } from "../components/ui/spinner.tsx";
import { brandName, useBranding, useBrandingFromServer } from "../lib/branding.ts";
import type { Me } from "../lib/session.ts";
import { useSessionNotice } from "../lib/session-notice.ts";
import { queryClient, trpc } from "../trpc.ts";
import { usePageLoading } from "../lib/lazy-page.ts";
import { ErrorBoundary, RouteError } from "./route-error.tsx";

// "Sign in" or the account menu: auth code stays out of the entry chunk (the accept-invite page's budget).
const HeaderActions = lazy(() => import("./header-actions.tsx"));
const SessionEndedBanner = lazy(() => import("./session-ended.tsx"));

/** The layout route: header and main around the current page. */
export function AppLayout() {
  const { pathname } = useLocation();
  const me = useCachedMe();
  useBrandingFromServer(pathname);
  return (
    <AppShell
      nav={me ? <MainNav me={me} /> : undefined}
      actions={
        <Suspense fallback={<HeaderPlaceholder />}>
          <HeaderActions pathname={pathname} placeholder={<HeaderPlaceholder />} />
        </Suspense>
      }
    >
      <SessionEnded pathname={pathname} />
      <ErrorBoundary resetKey={pathname} fallback={(error) => <RouteError error={error} />}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </ErrorBoundary>
    </AppShell>
  );
}

/** Pages that are a way in already: the sign-in page says it in its own words, the rest don't need it. */
const wayIn = /^\/(sign-in|sign-up|setup|forgot-password|reset-password|invite|join)(\/|$)/;

/**
 * The session ended while this browser had someone signed in, and they are on a public page
 * (e.g. the home page after a reload): say so (session-ended.tsx, loaded only then).
 */
function SessionEnded({ pathname }: { pathname: string }) {
  const notice = useSessionNotice();
  if (notice !== "ended" || wayIn.test(pathname)) return null;
  return (
    <Suspense fallback={null}>
      <SessionEndedBanner />
    </Suspense>
  );
}

/** Shown on a first visit while a lazily loaded page downloads. */
function PageLoading() {
  return (
    <div className="grid place-items-center py-24 text-gray-500">
      <Spinner label="Loading page" className="size-6" />
    </div>
  );
}

type AppShellProps = {
  /** Links beside the product name (a `<nav>` landmark is provided). */
  nav?: ReactNode;
  /** Right-hand side of the header: sign in, the account menu. */
  actions?: ReactNode;
  children: ReactNode;
};

export function AppShell({ nav, actions, children }: AppShellProps) {
  const mainRef = useMoveFocusOnNavigation<HTMLElement>();
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only rounded-md bg-white text-sm font-medium text-accent-700 shadow-lg ring-1 ring-gray-200 focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:px-4 focus:py-2.5"
      >
        Skip to content
      </a>
      <NavigationProgress />
      <header className="border-b border-gray-200 bg-white/90 backdrop-blur supports-[backdrop-filter]:bg-white/75 sm:sticky sm:top-0 sm:z-30">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-8 px-4 sm:flex-nowrap sm:px-6">
          <Brand />
          {nav && (
            // A second row on phones, inline from `sm`.
            <nav
              aria-label="Main"
              className="order-last -mx-4 w-[calc(100%+2rem)] border-t border-gray-100 px-2 py-1.5 sm:order-none sm:mx-0 sm:w-auto sm:border-0 sm:p-0"
            >
              {nav}
            </nav>
          )}
          <div className="ml-auto flex items-center gap-2">{actions}</div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="w-full flex-1 outline-none">
        <div className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6 sm:py-12">{children}</div>
      </main>
    </div>
  );
}

/** Signed-in people get Home, Account and (admins) Admin; signed-out visitors just the logo. */
function MainNav({ me }: { me: Me }) {
  return (
    <ul className="flex items-center gap-1 overflow-x-auto">
      <li>
        <NavItem to="/" end>
          Home
        </NavItem>
      </li>
      {me.role === "ADMIN" && (
        <li>
          <NavItem to="/admin">Admin</NavItem>
        </li>
      )}
      <li>
        <NavItem to="/account">Account</NavItem>
      </li>
    </ul>
  );
}

function NavItem({ to, end, children }: { to: string; end?: boolean; children: ReactNode }) {
  return (
    <NavLink
      to={to}
      end={end}
      className={({ isActive }) =>
        cx(
          "block rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors",
          isActive ? "bg-accent-50 text-accent-700" : "text-gray-600 hover:bg-gray-100 hover:text-gray-900",
        )
      }
    >
      {children}
    </NavLink>
  );
}

/** The account menu's size, while the header's signed-in/out code loads. */
function HeaderPlaceholder() {
  return <Skeleton className="h-8 w-8 rounded-full sm:w-32" />;
}

/**
 * The signed-in user as far as the cache knows, without fetching or the weight of
 * `useQuery` (this file is in the entry chunk); the lazily loaded header asks the API.
 */
function useCachedMe(): Me | null | undefined {
  return useSyncExternalStore(
    (onChange) => queryClient.getQueryCache().subscribe(onChange),
    () => queryClient.getQueryData(trpc.auth.me.queryKey()),
  );
}

/**
 * The workspace's logo and name (settings), or the product's mark and name; a placeholder
 * while a first visit waits for them, so no one sees the wrong name first.
 */
function Brand() {
  const branding = useBranding();
  const className = "flex h-14 min-w-0 shrink-0 items-center gap-2 rounded-md font-semibold text-gray-900";
  if (!branding) {
    return (
      <span className={className} aria-hidden="true">
        <Skeleton className="size-7 rounded-lg" />
        <Skeleton className="h-4 w-24" />
      </span>
    );
  }
  const name = brandName(branding);
  return (
    <Link to="/" className={className}>
      {branding.logoUrl ? (
        <img src={branding.logoUrl} alt="" className="h-7 w-auto max-w-32 shrink-0 object-contain" />
      ) : (
        <LogoMark />
      )}
      <span className="max-w-[14rem] truncate sm:max-w-xs">{name}</span>
    </Link>
  );
}

function LogoMark() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className="size-7 shrink-0">
      <rect width="32" height="32" rx="8" className="fill-accent-solid" />
      <path d="M8 11h16v11H8z" fill="none" className="stroke-on-accent" strokeWidth="2" strokeLinejoin="round" />
      <path d="m8 11 8 6 8-6" fill="none" className="stroke-on-accent" strokeWidth="2" strokeLinejoin="round" />
    </svg>
  );
}

/** A thin bar at the top while a route (e.g. a lazily loaded admin page) is loading. */
function NavigationProgress() {
  if (!usePageLoading()) return null;
  return (
    <div
      role="progressbar"
      aria-label="Loading page"
      className="fixed inset-x-0 top-0 z-50 h-0.5 overflow-hidden bg-accent-100"
    >
      <div className="h-full w-2/5 animate-progress bg-accent-600" />
    </div>
  );
}

/**
 * After a client-side navigation, scroll to the top and move focus to <main>, so
 * keyboard and screen reader users start at the new page rather than on the link
 * they clicked. (Back/forward keep the browser's own scroll restoration.)
 */
function useMoveFocusOnNavigation<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const { pathname } = useLocation();
  const navigationType = useNavigationType();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    if (navigationType !== "POP") window.scrollTo(0, 0);
    ref.current?.focus({ preventScroll: true });
  }, [pathname, navigationType]);
  return ref;
}
