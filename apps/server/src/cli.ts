// `pnpm cli <command>`: admin tasks from a terminal, on the configured database.
import { parseArgs } from "node:util";
import { AppError, createAdmin, createInvitation, inviteUrl, issueSetupToken, listInvitations, type Services } from "@invite/api";
import { createInvitationInput, emailSchema, listInvitationsInput } from "@invite/schemas";
import { ConfigError, loadConfigFromEnvironment, type Config } from "./config.ts";
import { createLogger } from "./logger.ts";
import { openRuntime } from "./runtime.ts";

const HELP = `Usage: pnpm cli <command> [options]

Commands:
  create-admin --email <email> [--name <name>] [--password <password>]
      Creates an admin account. Without --password it asks for one (hidden),
      or reads ADMIN_PASSWORD when there is no terminal.
  setup-link
      Prints a new one-time link (valid 24 hours) that creates the first admin.
  invite <email> [--name <name>] [--role MEMBER|ADMIN] [--hours <1-720>] [--message <text>] [--from <admin email>]
      Invites someone and prints the link; the running server emails it.
      --name greets them in the email and fills in their name when they accept.
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
    // As the help says: --password, else ask on a terminal, else ADMIN_PASSWORD. A terminal is
    // asked even when ADMIN_PASSWORD is set (say, in .env for the start-up admin), so a second
    // admin never silently gets that password.
    const password =
      values.password ??
      (process.stdin.isTTY ? await askHidden("Password (12+ characters): ") : process.env.ADMIN_PASSWORD || undefined) ??
      fail("No terminal to ask for a password: pass --password or set ADMIN_PASSWORD.");
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
      options: {
        name: { type: "string" },
        role: { type: "string" },
        hours: { type: "string" },
        message: { type: "string" },
        from: { type: "string" },
      },
    });
    const input = createInvitationInput.safeParse({
      email: positionals[0] ?? "",
      name: values.name,
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
      const who = row.name ? `${row.name} (${row.email})` : row.email;
      console.log(`Invited ${who} as ${row.role.toLowerCase()} (expires ${row.expiresAt.toISOString()}).`);
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
          name: i.name ?? "-",
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

/**
 * Runs a command on the services the server runs on (runtime.ts): the same database, refused
 * while the server holds an embedded one, and the server's sealing key, so it can unseal the
 * links of emails queued here. No mail transport: the running server delivers what is queued.
 */
async function withServices(config: Config, run: (services: Services) => Promise<void>) {
  // The terminal shows the command's answer on stdout: the log goes to stderr, warnings and worse only.
  const runtime = await openRuntime(config, { owner: "cli", transport: null, logger: createLogger("warn", process.stderr) });
  try {
    await run(runtime.services);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // Not fail(): the database must be closed cleanly before the process ends.
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await runtime.close();
  }
}

/**
 * Reads a line from the terminal without showing it. Raw mode turns the terminal's echo off,
 * and nothing here writes the keys back. (readline/promises cannot be muted: its output goes
 * through an internal method, not the `_writeToOutput` that the old readline let one replace.)
 */
async function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  process.stdout.write(prompt);
  try {
    return await new Promise<string>((resolve) => {
      let answer = "";
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === "\r" || char === "\n" || char === "\u0004") {
            stdin.off("data", onData);
            return resolve(answer);
          }
          if (char === "\u0003") {
            // Ctrl-C: raw mode sends no SIGINT, so stop as it would have.
            stdin.setRawMode(false);
            process.stdout.write("\n");
            process.exit(130);
          }
          if (char === "\u001b") break; // an arrow or function key: ignore its escape sequence
          if (char === "\u007f" || char === "\b") answer = Array.from(answer).slice(0, -1).join("");
          else if (char >= " ") answer += char;
        }
      };
      stdin.on("data", onData).resume();
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stdout.write("\n");
  }
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS_");
}

const [name = "help", ...args] = process.argv.slice(2);
const command = name === "--help" || name === "-h" ? commands.help! : commands[name];
if (!command) fail(`Unknown command "${name}".\n\n${HELP}`);
if (command === commands.help || args.includes("--help") || args.includes("-h")) {
  // Help needs no configuration: it still answers when .env holds a bad value.
  console.log(HELP);
} else {
  try {
    // ADMIN_EMAIL and ADMIN_PASSWORD are the start-up admin's, which the CLI never creates: not
    // checked as a pair here, so create-admin can take ADMIN_PASSWORD alone, as its help says.
    await command(args, loadConfigFromEnvironment({ ADMIN_EMAIL: "", ADMIN_PASSWORD: "" }));
  } catch (error) {
    // A bad variable, or DATA_DIR held by the server or another run (runtime.ts words it).
    if (error instanceof ConfigError) fail(error.message);
    // parseArgs refuses an unknown option or a missing value: say so in a line, not a stack trace.
    if (isParseArgsError(error)) fail(`${error.message}\nRun "pnpm cli --help" for the commands and their options.`);
    throw error;
  }
}
