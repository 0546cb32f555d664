// `pnpm cli <command>`: admin tasks from a terminal, on the configured database.
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import dotenv from "dotenv";
import { AppError, createAdmin, createServices, issueSetupToken } from "@invite/api";
import { openDatabase } from "@invite/db";
import { applyMigrations } from "@invite/db/migrate";
import { emailSchema } from "@invite/schemas";
import { ConfigError, loadConfig, type Config } from "./config.ts";

const HELP = `Usage: pnpm cli <command> [options]

Commands:
  create-admin --email <email> [--name <name>] [--password <password>]
      Creates an admin account. Without --password it asks for one (hidden),
      or reads ADMIN_PASSWORD when there is no terminal.
  setup-link
      Prints a new one-time link (valid 24 hours) that creates the first admin.
  help
      Shows this text.

Configuration comes from the environment and .env, as for \`pnpm start\`.`;

const commands: Record<string, (args: string[], config: Config) => Promise<void>> = {
  "create-admin": async (args, config) => {
    const { values } = parseArgs({
      args,
      options: { email: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
    });
    const email = emailSchema.safeParse(values.email ?? "");
    if (!email.success) fail("Pass a valid --email <address>.");
    const password = values.password ?? process.env.ADMIN_PASSWORD ?? (await askHidden("Password (12+ characters): "));
    await withServices(config, async (services) => {
      const user = await createAdmin(
        services.db.prisma,
        { email: email.data, name: values.name?.trim() || email.data.split("@")[0]!, password },
        services.clock.now(),
      );
      console.log(`Created admin ${user.email}. Sign in at ${config.appUrl.origin}/sign-in`);
    });
  },
  "setup-link": async (_args, config) => {
    await withServices(config, async (services) => {
      const token = await issueSetupToken(services.db.prisma, services.clock.now());
      console.log(`${config.appUrl.origin}/setup/${token}`);
    });
  },
  help: async () => console.log(HELP),
};

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function withServices(config: Config, run: (services: ReturnType<typeof createServices>) => Promise<void>) {
  const db = openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir });
  try {
    await applyMigrations(db);
    await run(createServices({ db, config: { appUrl: config.appUrl.origin } }));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // Not fail(): the database must be closed cleanly before the process ends.
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

async function askHidden(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) fail("No terminal to ask for a password: pass --password or set ADMIN_PASSWORD.");
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing while the password is typed.
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
    if (s.startsWith(prompt)) write.call(rl, prompt);
  };
  const answer = await rl.question(prompt);
  rl.close();
  process.stdout.write("\n");
  return answer;
}

const baseDir = process.env.INIT_CWD ?? process.cwd();
dotenv.config({ path: path.join(baseDir, ".env"), quiet: true });
const [name = "help", ...args] = process.argv.slice(2);
const command = name === "--help" || name === "-h" ? commands.help! : commands[name];
if (!command) fail(`Unknown command "${name}".\n\n${HELP}`);
try {
  await command(args, loadConfig(process.env, baseDir));
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
