import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Router } from "express";

/** Serves the built SPA; every other GET path falls back to index.html for client routing. */
export function spa(distDir: string): Router {
  const router = express.Router();
  const index = path.join(distDir, "index.html");
  router.use(
    "/assets",
    express.static(path.join(distDir, "assets"), { immutable: true, maxAge: "1y", index: false, fallthrough: false }),
  );
  router.use(express.static(distDir, { index: false }));
  router.get("/{*path}", (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type("text/plain").send("The web app is not built yet. Run `pnpm build`, then restart.");
      return;
    }
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
  return router;
}
