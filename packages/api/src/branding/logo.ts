import { createHash } from "node:crypto";
import { LOGO_MAX_BYTES } from "@invite/schemas";
import { recordAudit } from "../audit.ts";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";
import { checkImage, ImageRefusal } from "./image.ts";
import { logoUrl } from "./read.ts";

interface Actor {
  userId: string;
  ip: string | null;
}

/**
 * Replaces the workspace's logo with `bytes` once they prove to be a PNG, JPEG or WebP of a
 * sane size (SECURITY 37). What is stored, and later served, is the type the bytes say, never
 * the uploader's Content-Type. Audited; answers the new logo's versioned URL.
 */
export async function saveLogo(services: Services, actor: Actor, bytes: Uint8Array) {
  // The transport bounds the body before reading it; this holds for any other caller too.
  if (bytes.length > LOGO_MAX_BYTES) throw new AppError("VALIDATION_FAILED", "A logo may be at most 256 KB.");
  let image;
  try {
    image = checkImage(bytes);
  } catch (error) {
    if (error instanceof ImageRefusal) throw new AppError("VALIDATION_FAILED", error.message);
    throw error;
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const now = services.clock.now();
  const data = { contentType: image.type, bytes: Buffer.from(bytes), sha256, width: image.width, height: image.height };
  await services.db.prisma.$transaction(async (tx) => {
    await tx.workspaceLogo.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        action: "settings.logo_update",
        targetType: "settings",
        ip: actor.ip,
        data: { contentType: image.type, width: image.width, height: image.height, size: bytes.length },
      },
      now,
    );
  });
  return { logoUrl: logoUrl(sha256), contentType: image.type, width: image.width, height: image.height };
}

/** Removes the logo (the product's own mark shows again); audited when there was one. */
export async function removeLogo(services: Services, actor: Actor): Promise<{ removed: boolean }> {
  const now = services.clock.now();
  return services.db.prisma.$transaction(async (tx) => {
    const { count } = await tx.workspaceLogo.deleteMany({ where: { id: 1 } });
    if (count) await recordAudit(tx, { actorId: actor.userId, action: "settings.logo_remove", targetType: "settings", ip: actor.ip }, now);
    return { removed: count > 0 };
  });
}

/** The logo as served: without its bytes when the caller only needs to compare versions. */
export async function readLogo(services: Pick<Services, "db">, { withBytes }: { withBytes: boolean }) {
  return services.db.prisma.workspaceLogo.findUnique({
    where: { id: 1 },
    select: { contentType: true, sha256: true, updatedAt: true, bytes: withBytes },
  });
}
