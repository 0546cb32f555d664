import { useMutation } from "@tanstack/react-query";
import { DropdownMenu } from "radix-ui";
import type { ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import { getErrorReason } from "../lib/errors.ts";
import { endSession, type Me } from "../lib/session.ts";
import { trpc } from "../trpc.ts";
import { Badge } from "./ui/badge.tsx";
import { cx } from "./ui/cx.ts";
import { toast } from "./ui/toaster.tsx";

const itemClassName =
  "flex w-full cursor-default items-center gap-2.5 rounded-md px-2.5 py-2 text-sm text-gray-700 outline-none select-none " +
  "data-[highlighted]:bg-gray-100 data-[highlighted]:text-gray-900 data-[disabled]:opacity-50";

/** The signed-in user's menu in the header: who you are, Account, Admin (admins), Sign out. */
export default function UserMenu({ user }: { user: Me }) {
  const navigate = useNavigate();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: async (_data, error) => {
        // Already signed out (the session expired or was revoked elsewhere) counts as done.
        if (error && getErrorReason(error) !== "UNAUTHENTICATED") {
          toast.error("We couldn't sign you out. Check your connection and try again.");
          return;
        }
        // Have the sign-in page's code ready so the switch is immediate, then go there and
        // forget everything the signed-in session had cached.
        await import("../pages/sign-in.tsx").catch(() => undefined);
        navigate("/sign-in", { replace: true });
        endSession();
      },
    }),
  );

  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className={userMenuTriggerClassName} aria-label={`Account menu for ${user.name}`}>
        <UserChip user={user} />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-40 w-64 rounded-lg bg-white p-1.5 shadow-lg ring-1 ring-gray-950/10 data-[state=open]:animate-fade-in"
        >
          <div className="px-2.5 pt-1.5 pb-2.5">
            <div className="flex items-center gap-2">
              <p className="truncate text-sm font-semibold text-gray-900">{user.name}</p>
              {user.role === "ADMIN" && <Badge tone="accent">Admin</Badge>}
            </div>
            <p className="truncate text-sm text-gray-600">{user.email}</p>
          </div>
          <DropdownMenu.Separator className="-mx-1.5 my-1 h-px bg-gray-100" />
          <MenuLink to="/account" icon={<UserIcon />}>
            Account
          </MenuLink>
          {user.role === "ADMIN" && (
            <MenuLink to="/admin" icon={<ShieldIcon />}>
              Admin
            </MenuLink>
          )}
          <DropdownMenu.Separator className="-mx-1.5 my-1 h-px bg-gray-100" />
          <DropdownMenu.Item
            className={itemClassName}
            disabled={signOut.isPending}
            onSelect={() => signOut.mutate()}
          >
            <SignOutIcon />
            {signOut.isPending ? "Signing out…" : "Sign out"}
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

/** A real link (middle-click and "copy link" work) that is also a menu item. */
function MenuLink({ to, icon, children }: { to: string; icon: ReactNode; children: ReactNode }) {
  return (
    <DropdownMenu.Item asChild className={itemClassName}>
      <Link to={to}>
        {icon}
        {children}
      </Link>
    </DropdownMenu.Item>
  );
}

function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-4 shrink-0 text-gray-500">
      <path fillRule="evenodd" clipRule="evenodd" d={d} />
    </svg>
  );
}

const UserIcon = () => (
  <Icon d="M10 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6ZM3.465 14.493a1.23 1.23 0 0 0 .41 1.412A9.957 9.957 0 0 0 10 18c2.31 0 4.438-.784 6.131-2.1.43-.333.604-.903.408-1.41a7.002 7.002 0 0 0-13.074.003Z" />
);
const ShieldIcon = () => (
  <Icon d="M9.661 2.237a.531.531 0 0 1 .678 0 11.947 11.947 0 0 0 7.078 2.749.5.5 0 0 1 .479.425c.069.52.104 1.05.104 1.59 0 5.162-3.26 9.563-7.834 11.256a.48.48 0 0 1-.332 0C5.26 16.564 2 12.163 2 7c0-.538.035-1.069.104-1.589a.5.5 0 0 1 .48-.425 11.947 11.947 0 0 0 7.077-2.75Z" />
);
const SignOutIcon = () => (
  <Icon d="M3 4.25A2.25 2.25 0 0 1 5.25 2h5.5A2.25 2.25 0 0 1 13 4.25v2a.75.75 0 0 1-1.5 0v-2a.75.75 0 0 0-.75-.75h-5.5a.75.75 0 0 0-.75.75v11.5c0 .414.336.75.75.75h5.5a.75.75 0 0 0 .75-.75v-2a.75.75 0 0 1 1.5 0v2A2.25 2.25 0 0 1 10.75 18h-5.5A2.25 2.25 0 0 1 3 15.75V4.25Zm10.72 2.47a.75.75 0 0 1 1.06 0l2.75 2.75a.75.75 0 0 1 0 1.06l-2.75 2.75a.75.75 0 1 1-1.06-1.06l1.47-1.47H7a.75.75 0 0 1 0-1.5h8.19l-1.47-1.47a.75.75 0 0 1 0-1.06Z" />
);

/** The account menu's trigger button; the inert placeholder shown while the menu loads uses it too. */
const userMenuTriggerClassName =
  "group flex h-10 items-center gap-2 rounded-full py-1 pr-2 pl-1 text-left transition-colors hover:bg-gray-100 " +
  "data-[state=open]:bg-gray-100";

/** Initials avatar, the name (from `sm`) and a chevron. */
function UserChip({ user, className }: { user: Me; className?: string }) {
  const initials = user.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => [...part][0]?.toUpperCase())
    .join("");
  return (
    <span className={cx("flex items-center gap-2", className)}>
      {/* Painted, not text: the button's name says whose menu it is, and axe's check that a name
          contains the visible text (WCAG 2.5.3) would count "AL" as words to say. */}
      <span
        aria-hidden="true"
        data-initials={initials || "?"}
        className="grid size-8 shrink-0 place-items-center rounded-full bg-accent-100 text-xs font-semibold text-accent-800 ring-1 ring-accent-200 after:content-[attr(data-initials)]"
      />
      <span className="hidden max-w-40 truncate text-sm font-medium text-gray-900 sm:block">{user.name}</span>
      <svg
        viewBox="0 0 20 20"
        fill="currentColor"
        aria-hidden="true"
        className="size-4 shrink-0 text-gray-500 transition-transform group-data-[state=open]:rotate-180"
      >
        <path
          fillRule="evenodd"
          d="M5.22 8.22a.75.75 0 0 1 1.06 0L10 11.94l3.72-3.72a.75.75 0 1 1 1.06 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L5.22 9.28a.75.75 0 0 1 0-1.06Z"
          clipRule="evenodd"
        />
      </svg>
    </span>
  );
}
