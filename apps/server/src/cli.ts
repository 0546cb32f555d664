// `pnpm cli <command>`: admin tasks from a terminal, on the configured database.
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import dotenv from "dotenv";
import {
  AppError,
  createAdmin,
  createInvitation,
  createServices,
  inviteUrl,
  issueSetupToken,
  listInvitations,
} from "@invite/api";
import { openDatabase } from "@invite/db";
import { applyMigrations } from "@invite/db/migrate";
import { createInvitationInput, emailSchema, listInvitationsInput } from "@invite/schemas";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { loadSealingKey } from "./sealing-key.ts";

const HELP = `Usage: pnpm cli <command> [options]

Commands:
  create-admin --email <email> [--name <name>] [--password <password>]
      Creates an admin account. Without --password it asks for one (hidden),
      or reads ADMIN_PASSWORD when there is no terminal.
  setup-link
      Prints a new one-time link (valid 24 hours) that creates the first admin.
  invite <email> [--role MEMBER|ADMIN] [--hours <1-720>] [--message <text>] [--from <admin email>]
      Invites someone and prints the link; the running server emails it.
  list [--status PENDING|ACCEPTED|REVOKED|EXPIRED] [--search <text>] [--limit <n>]
      Lists invitations, newest first.
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
      const token = await issueSetupToken(services.db.prisma, services.clock.now(), { retireEarlier: true });
      console.log(`${config.appUrl.origin}/setup/${token}`);
    });
  },
  invite: async (args, config) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { role: { type: "string" }, hours: { type: "string" }, message: { type: "string" }, from: { type: "string" } },
    });
    const input = createInvitationInput.safeParse({
      email: positionals[0] ?? "",
      role: values.role?.toUpperCase(),
      expiresInHours: values.hours === undefined ? undefined : Number(values.hours),
      message: values.message,
    });
    if (!input.success) fail(input.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"));
    await withServices(config, async (services) => {
      const inviter = await services.db.prisma.user.findFirst({
        where: { role: "ADMIN", ...(values.from ? { email: values.from.trim().toLowerCase() } : {}) },
        orderBy: { createdAt: "asc" },
      });
      if (!inviter) throw new AppError("NOT_FOUND", values.from ? `No admin with email ${values.from}.` : "Create an admin first: pnpm cli create-admin.");
      const { row, token } = await createInvitation(services, { user: inviter, ip: null }, input.data);
      console.log(`Invited ${row.email} as ${row.role.toLowerCase()} (expires ${row.expiresAt.toISOString()}).`);
      console.log(`Link: ${inviteUrl(config.appUrl.origin, token)}`);
      console.log("The email is queued; the running server delivers it.");
    });
  },
  list: async (args, config) => {
    const { values } = parseArgs({
      args,
      options: { status: { type: "string" }, search: { type: "string" }, limit: { type: "string" } },
    });
    const input = listInvitationsInput.safeParse({
      status: values.status?.toUpperCase(),
      search: values.search,
      limit: values.limit === undefined ? undefined : Number(values.limit),
    });
    if (!input.success) fail(input.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"));
    await withServices(config, async (services) => {
      const { items } = await listInvitations(services, input.data);
      if (items.length === 0) return console.log("No invitations.");
      console.table(
        items.map((i) => ({
          email: i.email,
          role: i.role,
          status: i.status,
          delivery: i.delivery?.status ?? "-",
          expires: i.expiresAt.toISOString(),
          invitedBy: i.invitedBy?.email ?? "(removed)",
        })),
      );
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
    // The server's key, so the server can unseal the links of emails queued here.
    await run(createServices({ db, sealingKey: loadSealingKey(config), config: { appUrl: config.appUrl.origin } }));
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
