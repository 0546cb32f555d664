import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Router } from "express";
import { precompressedStatic } from "./precompressed.ts";

/**
 * Serves the built SPA, each file brotli- or gzip-encoded when the build left a variant and
 * the client takes it. Hashed assets are cached for a year and never revalidated (a new
 * build has new names); a missing one is a 404, never the app's page. Every other GET path
 * gets index.html for client routing, revalidated each time so a deploy shows at once.
 */
export function spa(distDir: string): Router {
  const router = express.Router();
  const index = path.join(distDir, "index.html");
  router.use(
    "/assets",
    precompressedStatic(path.join(distDir, "assets"), { immutable: true, maxAge: "1y", fallthrough: false }),
  );
  // Files beside index.html keep their names from build to build: revalidated each time.
  const revalidated = precompressedStatic(distDir, { cacheControl: false, setHeaders: (res) => res.setHeader("Cache-Control", "no-cache") });
  router.use(revalidated);
  router.get("/{*path}", (req, res, next) => {
    if (!existsSync(index)) {
      res.status(503).type("text/plain").send("The web app is not built yet. Run `pnpm build`, then restart.");
      return;
    }
    req.url = "/index.html";
    return revalidated(req, res, next);
  });
  return router;
}
