import { Component, type ReactNode } from "react";
import { Alert } from "../components/ui/alert.tsx";
import { Button } from "../components/ui/button.tsx";

type ErrorBoundaryProps = {
  children: ReactNode;
  fallback: (error: unknown) => ReactNode;
  /** A change (e.g. the pathname) clears the error, so navigating away recovers. */
  resetKey?: string;
};

type ErrorBoundaryState = { failed: boolean; error: unknown; resetKey: string | undefined };

export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { failed: false, error: undefined, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<ErrorBoundaryState> {
    return { failed: true, error };
  }

  static getDerivedStateFromProps(
    props: ErrorBoundaryProps,
    state: ErrorBoundaryState,
  ): Partial<ErrorBoundaryState> | null {
    return props.resetKey === state.resetKey ? null : { failed: false, error: undefined, resetKey: props.resetKey };
  }

  override render() {
    return this.state.failed ? this.props.fallback(this.state.error) : this.props.children;
  }
}

/** A lazily loaded page failed to download, usually because a new version was deployed. */
function isChunkLoadError(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(error.message)
  );
}

/** Renders inside the layout when a page throws or fails to load. */
export function RouteError({ error }: { error: unknown }) {
  const chunk = isChunkLoadError(error);
  return (
    <div className="mx-auto max-w-xl py-4">
      <title>Something went wrong · Invitations</title>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight text-gray-900">
        {chunk ? "This page needs a reload" : "Something went wrong"}
      </h1>
      <Alert
        tone={chunk ? "warning" : "error"}
        role="alert"
        actions={<Button onClick={() => window.location.reload()}>Reload the page</Button>}
      >
        {chunk
          ? "A newer version of the app is available, or the connection dropped while loading this page."
          : "This page hit an unexpected error. Reloading usually helps; if it keeps happening, let an administrator know."}
        {import.meta.env.DEV && error instanceof Error && (
          <pre className="mt-3 overflow-x-auto rounded bg-white/60 p-2 font-mono text-xs whitespace-pre-wrap">
            {error.stack ?? error.message}
          </pre>
        )}
      </Alert>
    </div>
  );
}

/** Last resort when the layout itself fails: plain markup, no router-dependent chrome. */
export function RootError() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <title>Something went wrong · Invitations</title>
      <h1 className="text-2xl font-semibold tracking-tight text-gray-900">Something went wrong</h1>
      <p className="mt-3 text-gray-600">The app hit an unexpected error. Reloading the page usually helps.</p>
      <Button className="mt-6" onClick={() => window.location.reload()}>
        Reload the page
      </Button>
    </main>
  );
}
