import type { ReactNode } from "react";
import { brandName, useBranding } from "../lib/branding.ts";
import { Skeleton } from "./ui/spinner.tsx";

type AuthCardProps = {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** A quiet line under the card. */
  footer?: ReactNode;
  /** A small label above the title, e.g. "First-time setup". */
  eyebrow?: ReactNode;
};

/** The narrow, centred layout of the sign-in and setup screens, under the workspace's logo when it has one. */
export function AuthCard({ title, description, children, footer, eyebrow }: AuthCardProps) {
  const branding = useBranding();
  return (
    <div className="mx-auto w-full max-w-md sm:pt-4">
      <title>{`${title} · ${brandName(branding)}`}</title>
      {branding?.logoUrl && (
        <img src={branding.logoUrl} alt="" className="mb-5 h-12 w-auto max-w-48 object-contain sm:mx-auto" />
      )}
      <div className="mb-6 sm:text-center">
        {eyebrow && <p className="mb-2 text-sm font-semibold text-accent-700">{eyebrow}</p>}
        <h1 className="text-2xl font-semibold tracking-tight text-balance text-gray-900 sm:text-3xl">{title}</h1>
        {description && <p className="mt-2 text-base text-pretty text-gray-600">{description}</p>}
      </div>
      <div className="rounded-xl border border-gray-200 bg-white p-5 shadow-sm sm:p-8">{children}</div>
      {footer && <p className="mt-6 text-sm text-pretty text-gray-600 sm:text-center">{footer}</p>}
    </div>
  );
}

export function AuthCardSkeleton() {
  return (
    <div role="status" className="mx-auto w-full max-w-md sm:pt-4">
      <span className="sr-only">Loading…</span>
      <Skeleton className="mb-3 h-8 w-40 sm:mx-auto" />
      <Skeleton className="mb-6 h-4 w-72 max-w-full sm:mx-auto" />
      <Skeleton className="h-72 w-full rounded-xl" />
    </div>
  );
}
