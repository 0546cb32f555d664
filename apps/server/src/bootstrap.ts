import { AppError, adminExists, createAdmin, issueSetupToken, type Services } from "@invite/api";
import { ConfigError, type Config } from "./config.ts";
import type { Logger } from "./logger.ts";

/**
 * A fresh install needs a first admin: from ADMIN_EMAIL/ADMIN_PASSWORD when both are set,
 * otherwise through a one-time setup link printed to the terminal.
 * Returns the setup URL when one was issued.
 */
export async function ensureFirstAdmin(services: Services, config: Config, logger: Logger): Promise<string | null> {
  const { prisma } = services.db;
  if (await adminExists(prisma)) return null;
  const now = services.clock.now();

  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    const email = config.ADMIN_EMAIL.trim().toLowerCase();
    try {
      await createAdmin(prisma, { email, name: email.split("@")[0] ?? email, password: config.ADMIN_PASSWORD }, now);
    } catch (error) {
      // Replicas starting together race to create the same admin: losing that race is fine.
      if (error instanceof AppError && error.reason === "ALREADY_MEMBER") {
        if (await adminExists(prisma)) return null;
        throw new ConfigError(`Invalid ADMIN_EMAIL: ${email} already has an account that is not an admin.`);
      }
      if (error instanceof AppError) throw new ConfigError(`Invalid ADMIN_PASSWORD: ${error.message}`);
      throw error;
    }
    logger.info({ email }, "first admin created from ADMIN_EMAIL");
    return null;
  }

  const token = await issueSetupToken(prisma, now, { retireEarlier: false });
  // The link goes to the terminal, not to the structured log: it is a credential.
  return `${config.appUrl.origin}/setup/${token}`;
}
