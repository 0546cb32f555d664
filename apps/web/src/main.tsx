import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { ErrorBoundary, RootError } from "./app/route-error.tsx";
import { AppRoutes } from "./app/routes.tsx";
import { queryClient } from "./trpc.ts";
import "./styles.css";

// Toasts are for actions on lazily loaded pages, so sonner loads after first paint.
const Toaster = lazy(async () => ({ default: (await import("./components/ui/toaster.tsx")).Toaster }));

const root = document.getElementById("root");
if (!root) throw new Error('index.html is missing <div id="root">');

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary fallback={() => <RootError />}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
        <Suspense>
          <Toaster />
        </Suspense>
      </QueryClientProvider>
    </ErrorBoundary>
  </StrictMode>,
);
