import { useQuery } from "@tanstack/react-query";
import { Suspense, type ReactNode } from "react";
import { NavLink, Route, Routes, useLocation } from "react-router";
import { cx } from "../components/ui/cx.ts";
import { mailStatusOptions } from "../components/invitations/mailbox-query.ts";
import { PageSkeleton } from "../components/page-skeleton.tsx";
import { useScrollFade } from "../components/scroll-fade.ts";
import { lazyPage } from "../lib/lazy-page.ts";
import NotFoundPage from "./not-found.tsx";
import InvitationsPage from "./admin/invitations.tsx";

// The invitations list is what /admin opens on; the others load when visited.
const InviteLinksPage = lazyPage(() => import("./admin/links.tsx"));
const MembersPage = lazyPage(() => import("./admin/members.tsx"));
const ActivityPage = lazyPage(() => import("./admin/activity.tsx"));
// With the chart library: only this page's chunk carries it.
const AnalyticsPage = lazyPage(() => import("./admin/analytics.tsx"));
const SettingsPage = lazyPage(() => import("./admin/settings.tsx"));
const MailboxPage = lazyPage(() => import("./admin/mailbox.tsx"));

/** `/admin/*`: a sub-navigation over the admin pages. The route guard has checked the role. */
export default function AdminPage() {
  // The dev mailbox exists only while SMTP_URL is unset.
  const mail = useQuery(mailStatusOptions());
  const devMailbox = mail.data?.delivery === "devMailbox";
  // On a phone the tabs don't all fit: the row scrolls, its cut-off edge fades, and the
  // current tab is scrolled into view.
  const { pathname } = useLocation();
  const [tabsRef, tabsStyle] = useScrollFade<HTMLUListElement>(`${pathname} ${devMailbox}`);
  return (
    <>
      <nav aria-label="Admin" className="-mt-2 mb-8 border-b border-gray-200 sm:-mt-4">
        <ul ref={tabsRef} style={tabsStyle} className="-mb-px flex gap-5 overflow-x-auto [scrollbar-width:none] sm:gap-6">
          <SubNavItem to="/admin" end>
            Invitations
          </SubNavItem>
          <SubNavItem to="/admin/links">Invite links</SubNavItem>
          <SubNavItem to="/admin/members">Members</SubNavItem>
          <SubNavItem to="/admin/activity">Activity</SubNavItem>
          <SubNavItem to="/admin/analytics">Analytics</SubNavItem>
          <SubNavItem to="/admin/settings">Settings</SubNavItem>
          {devMailbox && <SubNavItem to="/admin/mailbox">Dev mailbox</SubNavItem>}
        </ul>
      </nav>
      <Suspense fallback={<PageSkeleton />}>
        <Routes>
          <Route index element={<InvitationsPage />} />
          <Route path="links" element={<InviteLinksPage />} />
          <Route path="members" element={<MembersPage />} />
          <Route path="activity" element={<ActivityPage />} />
          <Route path="analytics" element={<AnalyticsPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="mailbox" element={<MailboxPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </>
  );
}

function SubNavItem({ to, end, children }: { to: string; end?: boolean; children: ReactNode }) {
  return (
    <li>
      <NavLink
        to={to}
        end={end}
        className={({ isActive }) =>
          cx(
            // Inset focus ring: the scrolling row would clip one drawn outside.
            "block border-b-2 px-0.5 py-3 text-sm font-medium whitespace-nowrap transition-colors focus-visible:-outline-offset-2",
            isActive
              ? "border-accent-600 text-accent-700"
              : "border-transparent text-gray-600 hover:border-gray-300 hover:text-gray-900",
          )
        }
      >
        {children}
      </NavLink>
    </li>
  );
}
