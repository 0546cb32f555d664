import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type ProxyOptions } from "vite";
import { compression } from "vite-plugin-compression2";

// The API (apps/server) listens here in development; `pnpm dev` starts both.
const apiOrigin = `http://localhost:${process.env.API_PORT ?? 3001}`;

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
    proxy: {
      "/trpc": api,
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
