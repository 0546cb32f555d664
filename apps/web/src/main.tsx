import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { ErrorBoundary, RootError } from "./app/route-error.tsx";
import { AppRoutes } from "./app/routes.tsx";
import { Toaster } from "./components/ui/toaster.tsx";
import { queryClient } from "./trpc.ts";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error('index.html is missing <div id="root">');

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary fallback={() => <RootError />}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
        <Toaster />
      </QueryClientProvider>
    </ErrorBoundary>
  </StrictMode>,
);
