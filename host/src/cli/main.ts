import { toErrorData } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import { processIo, type CliIo } from "./io.ts";
import { USAGE, type UsageTopic } from "./usage.ts";

type Verb = (args: string[], io: CliIo) => Promise<number>;

// Loaded on use: `start` pulls in the whole daemon (runtimes, protocol clients), which a quick
// `user add` or `trust list` has no need to load.
const VERBS: Record<string, () => Promise<Verb>> = {
  start: async () => (await import("./commands/start.ts")).runStart,
  user: async () => (await import("./commands/user.ts")).runUser,
  token: async () => (await import("./commands/token.ts")).runToken,
  trust: async () => (await import("./commands/trust.ts")).runTrust,
  addon: async () => (await import("./commands/addon.ts")).runAddon,
};

/**
 * The daemon's command line (DESIGN §7). Returns the exit status: 0 on success,
 * 2 on a usage error, 1 on any other failure, printed as `CODE: message`.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    if (verb === undefined || verb === "help" || verb === "--help" || verb === "-h") {
      const topic = rest[0] ?? "main";
      if (!(topic in USAGE)) throw hostError("CLI_USAGE", `no help for "${topic}"`);
      io.stdout.write(`${USAGE[topic as UsageTopic]}\n`);
      return 0;
    }
    const load = VERBS[verb];
    if (!load) throw hostError("CLI_USAGE", `unknown verb "${verb}"; run "opsconductor help"`);
    return await (await load())(rest, io);
  } catch (error) {
    const { code, message } = toErrorData(error);
    io.stderr.write(`${code}: ${message}\n`);
    return code === "CLI_USAGE" ? 2 : 1;
  }
}

if (import.meta.main) {
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}
