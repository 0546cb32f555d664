import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type ProxyOptions } from "vite";
import { compression } from "vite-plugin-compression2";

// The API (apps/server) listens here in development; `pnpm dev` (scripts/dev.mjs) starts both.
const apiOrigin = `http://localhost:${process.env.API_PORT || 3001}`;
// The page's origin is the API's APP_URL (DEV_APP_URL): its links and its Origin check use it,
// so Vite takes exactly that port and stops if it is taken, rather than move to the next one.
const devAppUrl = new URL(process.env.DEV_APP_URL || "http://localhost:5173");
const webPort = Number(process.env.WEB_PORT || devAppUrl.port || 5173);

// Forward API paths to the server unchanged. The Host header is kept (no
// changeOrigin) so the server sees the browser's origin, which its CSRF check
// compares with APP_URL.
const api: ProxyOptions = { target: apiOrigin, xfwd: true };

/**
 * react-router's published build creates its components and contexts with
 * unannotated top-level calls (`var Form = React.forwardRef(...)`) and sets
 * `displayName` on them, so the bundler must keep code we never use (Form,
 * ScrollRestoration, fetchers...). Marking those calls pure and dropping the
 * display names lets tree-shaking remove it: about 1.4 KB gzipped off the
 * entry chunk, which the accept-invite page's budget (120 kB on the wire) needs. If the
 * package's format changes, the patterns stop matching and nothing breaks.
 */
function treeShakeReactRouter(): Plugin {
  return {
    name: "invite:tree-shake-react-router",
    apply: "build",
    enforce: "pre",
    transform(code, id) {
      if (!/[\\/]react-router[\\/]dist[\\/].+\.mjs$/.test(id)) return null;
      return code
        .replace(/^(var \w+ = )(React\d*\.(?:forwardRef|createContext|memo)\()/gm, "$1/* @__PURE__ */ $2")
        .replace(/^\w+\.displayName = "[^"]*";$/gm, "");
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    treeShakeReactRouter(),
    react(),
    tailwindcss(),
    // Each text file also as .br and .gz (best levels: it is done once, at build time); the
    // server sends the one the browser takes (apps/server/src/http/precompressed.ts).
    compression({ algorithms: ["brotliCompress", "gzip"] }),
  ],
  server: {
    port: webPort,
    strictPort: true,
    // A DEV_APP_URL on another name than localhost (a proxy, a hosts entry) is let in.
    allowedHosts: [devAppUrl.hostname],
    proxy: {
      "/trpc": api,
      // The logo's upload route and its images (apps/server/src/http/branding.ts).
      "/api/": api,
      "/branding/logo": api,
      // Only the OAuth routes; /auth/error is a page of the SPA.
      "^/auth/[^/]+/(start|callback)": api,
      "/healthz": api,
      "/readyz": api,
    },
  },
  // `vite preview` uses server.proxy too.
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
});
