import { Router, type Request, type RequestHandler, type Response } from "express";
import { AppError, isLogoVersion, readLogo, removeLogo, saveLogo, type Services } from "@invite/api";
import { LOGO_MAX_BYTES, LOGO_PATH, LOGO_TYPES, LOGO_UPLOAD_PATH } from "@invite/schemas";
import type { Config } from "../config.ts";
import { answering, requireAdmin } from "./admin-answer.ts";

/*
 * The workspace logo over plain HTTP (SECURITY 37), beside tRPC because it is bytes, not JSON:
 *
 *   PUT    /api/branding/logo   an admin's raw PNG, JPEG or WebP as the body (≤ 256 KB) → { logoUrl, … }
 *   DELETE /api/branding/logo   an admin removes it → { removed }
 *   GET    /branding/logo?v=…   anyone (emails and the sign-in page show it)
 *
 * Writes pass app.ts's Origin check first (a cross-origin PUT is a 403 before this runs). Then,
 * in order, so a stranger costs nothing: the admin's session, an image Content-Type, and only
 * then the body, refused at its declared length (413) before a byte of it is read, or as soon
 * as a body without one passes the limit, closing the connection on the rest. The bytes must prove the type (branding/image.ts);
 * what is stored and served is the type they prove.
 */
export function brandingRoutes({ config, services }: { config: Config; services: Services }): Router {
  const router = Router();
  const answer = answering(services);
  const admin = requireAdmin(config, services, answer);

  router.put(
    LOGO_UPLOAD_PATH,
    admin,
    requireImageType,
    answer(async (req, res) => {
      const body = await readBoundedBody(req, LOGO_MAX_BYTES);
      if (body === TOO_LARGE) return tooLarge(req, res);
      if (body.length === 0) throw new AppError("VALIDATION_FAILED", "Send the image as the request body.");
      res.json(await saveLogo(services, actor(req, res), body));
    }),
  );

  router.delete(
    LOGO_UPLOAD_PATH,
    admin,
    answer(async (req, res) => {
      res.json(await removeLogo(services, actor(req, res)));
    }),
  );

  router.all(LOGO_UPLOAD_PATH, (_req, res) => {
    res.set("Allow", "PUT, DELETE").status(405).json({ error: { reason: "METHOD_NOT_ALLOWED", message: "Use PUT to upload the logo, DELETE to remove it." } });
  });

  router.get(
    LOGO_PATH,
    answer(async (req, res) => {
      const conditional = req.get("if-none-match") !== undefined;
      // A browser revalidating needs only the hash, not the 256 KB.
      const logo = await readLogo(services, { withBytes: !conditional });
      if (!logo) {
        res.set("Cache-Control", "no-cache").status(404).json({ error: { reason: "NOT_FOUND", message: "No logo has been uploaded." } });
        return;
      }
      const etag = `"${logo.sha256}"`;
      // The versioned URL the pages and emails use never changes meaning: cache it for good.
      // Any other (a stale version, none) is checked each time, so a new logo shows at once.
      res.set({
        "Cache-Control": isLogoVersion(req.query.v, logo.sha256) ? "public, max-age=31536000, immutable" : "no-cache",
        ETag: etag,
        "Content-Type": logo.contentType,
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": `inline; filename="logo.${logo.contentType.slice("image/".length)}"`,
        // Opened on its own, it is an image and nothing else may run; mail clients on other
        // origins may show it (helmet's default allows only this origin).
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cross-Origin-Resource-Policy": "cross-origin",
      });
      if (conditional && matches(req.get("if-none-match")!, etag)) {
        res.status(304).end();
        return;
      }
      const full = logo.bytes ?? (await readLogo(services, { withBytes: true }))?.bytes;
      if (!full) {
        res.status(404).json({ error: { reason: "NOT_FOUND", message: "No logo has been uploaded." } });
        return;
      }
      res.status(200).end(Buffer.from(full));
    }),
  );

  return router;
}

function actor(req: Request, res: Response) {
  return { userId: String(res.locals.adminId), ip: req.ip ?? null };
}

/**
 * SVG (it carries script), HTML and anything else are refused by what they claim, before the
 * body; so is a compressed body (it could unpack past what the limit means) and one whose
 * declared length is already over the limit.
 */
const requireImageType: RequestHandler = (req, res, next) => {
  if (!req.is([...LOGO_TYPES])) {
    res.status(415).json({
      error: { reason: "VALIDATION_FAILED", message: "Send a PNG, JPEG or WebP image (Content-Type image/png, image/jpeg or image/webp). SVG is not accepted." },
    });
    return;
  }
  const encoding = req.get("content-encoding");
  if (encoding && encoding.toLowerCase() !== "identity") {
    res.status(415).json({ error: { reason: "VALIDATION_FAILED", message: "Send the image uncompressed (no Content-Encoding)." } });
    return;
  }
  if (Number(req.get("content-length") ?? 0) > LOGO_MAX_BYTES) return tooLarge(req, res);
  next();
};

const TOO_LARGE = Symbol("too large");

/**
 * The body, or TOO_LARGE as soon as it passes `limit` (a body without a length, or one longer
 * than it said). express.raw would not do: on a refusal it reads the rest to its end before
 * answering, so 256 KB would cost whatever the sender chose to send.
 */
function readBoundedBody(req: Request, limit: number): Promise<Buffer | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(Object.assign(error, { status: 400 }));
    };
    const cleanup = () => {
      req.off("data", onData).off("end", onEnd).off("error", onError);
    };
    req.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

/** 413, and the connection closes after it: the rest of that body is never read. */
function tooLarge(_req: Request, res: Response) {
  res.set("Connection", "close").status(413).json({ error: { reason: "VALIDATION_FAILED", message: "A logo may be at most 256 KB." } });
}

/** If-None-Match holds this ETag (or `*`), in a list as RFC 9110 allows. */
function matches(header: string, etag: string): boolean {
  return header.split(",").some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}
