import { Route, Routes } from "react-router";
import InvitePage from "../pages/invite.tsx";
import NotFoundPage from "../pages/not-found.tsx";
import { AppLayout } from "./layout.tsx";
import { lazyPage } from "../lib/lazy-page.ts";

/*
 * Only the accept-invite page (an invitee's first visit, budget: 120 kB on the wire
 * in all) and the 404 page are in the entry chunk. Every other page is
 * loaded on demand: keep admin and account code, and whatever they import, out of
 * the static imports above.
 */
const HomePage = lazyPage(() => import("../pages/home.tsx"));
const SignInPage = lazyPage(() => import("../pages/sign-in.tsx"));
const SetupPage = lazyPage(() => import("../pages/setup.tsx"));
const SignUpPage = lazyPage(() => import("../pages/sign-up.tsx"));
const SignUpLinkPage = lazyPage(() => import("../pages/sign-up-link.tsx"));
// A shareable invite link: an invitee's first visit too, kept small (see pages/join.tsx).
const JoinPage = lazyPage(() => import("../pages/join.tsx"));
const ForgotPasswordPage = lazyPage(() => import("../pages/forgot-password.tsx"));
const ResetPasswordPage = lazyPage(() => import("../pages/reset-password.tsx"));
const AccountPage = lazyPage(() => import("../pages/account.tsx"));
const AdminPage = lazyPage(() => import("../pages/admin.tsx"));
const AuthErrorPage = lazyPage(() => import("../pages/auth-error.tsx"));
// The guard is a layout route in its own small chunk; `auth.me` is already in flight
// (the header asks on every page), so nothing waits on the other.
const RequireUser = lazyPage(async () => ({ default: (await import("./guards.tsx")).RequireUser }));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="invite/:token" element={<InvitePage />} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="setup/:token" element={<SetupPage />} />
        {/* Public sign-up: a form only while registration is OPEN; the emailed link finishes it. */}
        <Route path="sign-up" element={<SignUpPage />} />
        <Route path="sign-up/:token" element={<SignUpLinkPage />} />
        <Route path="join/:token" element={<JoinPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password/:token" element={<ResetPasswordPage />} />
        {/* Where a failed OAuth attempt lands: /auth/error?reason=… */}
        <Route path="auth/error" element={<AuthErrorPage />} />
        {/* Guarded: signed-out visitors go to /sign-in?next=…, members get "no access" for admin pages. */}
        <Route element={<RequireUser />}>
          <Route path="account" element={<AccountPage />} />
        </Route>
        <Route element={<RequireUser role="ADMIN" />}>
          <Route path="admin/*" element={<AdminPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
