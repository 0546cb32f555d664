import { stat } from "node:fs/promises";
import path from "node:path";
import express, { type RequestHandler } from "express";
import Negotiator from "negotiator";

/**
 * The build writes `name.br` and `name.gz` beside each compressible file (vite.config.ts).
 * Ours in order of preference: brotli is smaller, gzip is what every client takes.
 */
const CODINGS = [
  { coding: "br", suffix: ".br" },
  { coding: "gzip", suffix: ".gz" },
] as const;
type Coding = (typeof CODINGS)[number];
const PREFERENCE = [...CODINGS.map((c) => c.coding), "identity"];

// negotiator 1.x takes the server's preference for ties in q (its types predate the option):
// `Accept-Encoding: gzip, deflate, br` then gets brotli, while `br;q=0` never does.
type EncodingsWithPreference = (available: string[], options: { preferred: string[] }) => string[];

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (stats) => stats.isFile(),
    () => false,
  );
}

/**
 * `express.static` for a folder of built files, answering each request with the smallest
 * variant its `Accept-Encoding` takes: the `.br` or `.gz` file under `Content-Encoding`, or
 * the file itself. `Vary: Accept-Encoding` goes on every answer that has variants, so caches
 * keep them apart. Nothing is compressed per request; files without variants go out as they are.
 */
export function precompressedStatic(folder: string, options: Parameters<typeof express.static>[1] = {}): RequestHandler {
  const root = path.resolve(folder);
  const serve = express.static(root, { ...options, index: false, redirect: false });
  // Which variants a file has, remembered only for files that exist (so stray paths cost a
  // stat, never memory). A rebuild writes new hashed names, which are looked up afresh.
  const variantsOf = new Map<string, readonly Coding[]>();

  async function variants(pathname: string): Promise<readonly Coding[]> {
    const known = variantsOf.get(pathname);
    if (known) return known;
    const file = path.join(root, pathname);
    if (!file.startsWith(root + path.sep) || !(await isFile(file))) return [];
    const found = (await Promise.all(CODINGS.map(async (c) => ((await isFile(file + c.suffix)) ? c : null)))).filter(
      (c) => c !== null,
    );
    variantsOf.set(pathname, found);
    return found;
  }

  return async (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return serve(req, res, next); // its 405 or fallthrough
    let pathname: string;
    try {
      pathname = decodeURIComponent(req.path);
    } catch {
      return serve(req, res, next); // serve-static answers a malformed path with its 400
    }
    const available = pathname.includes("\0") ? [] : await variants(pathname);
    if (available.length === 0) return serve(req, res, next);

    res.vary("Accept-Encoding");
    const negotiator = new Negotiator(req);
    const encodings = negotiator.encodings as unknown as EncodingsWithPreference;
    const [chosen] = encodings.call(negotiator, [...available.map((c) => c.coding), "identity"], { preferred: PREFERENCE });
    const variant = available.find((c) => c.coding === chosen);
    if (!variant) return serve(req, res, next); // identity, or nothing acceptable: the file as it is

    const originalUrl = req.url;
    res.setHeader("Content-Encoding", variant.coding);
    res.type(path.extname(pathname)); // the original's type, not application/x-brotli
    req.url = req.path + variant.suffix + originalUrl.slice(req.path.length);
    serve(req, res, (error?: unknown) => {
      // The variant vanished (a rebuild under a running server): forget it and go on uncompressed.
      req.url = originalUrl;
      res.removeHeader("Content-Encoding");
      res.removeHeader("Content-Type");
      variantsOf.delete(pathname);
      if (error) return next(error);
      serve(req, res, next);
    });
  };
}
