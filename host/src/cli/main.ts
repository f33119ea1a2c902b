import { toErrorData } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import { runStart } from "./commands/start.ts";
import { runToken } from "./commands/token.ts";
import { runUser } from "./commands/user.ts";
import { processIo, type CliIo } from "./io.ts";
import { USAGE, type UsageTopic } from "./usage.ts";

const VERBS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  start: runStart,
  user: runUser,
  token: runToken,
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
    const run = VERBS[verb];
    if (!run) throw hostError("CLI_USAGE", `unknown verb "${verb}"; run "opsconductor help"`);
    return await run(rest, io);
  } catch (error) {
    const { code, message } = toErrorData(error);
    io.stderr.write(`${code}: ${message}\n`);
    return code === "CLI_USAGE" ? 2 : 1;
  }
}

if (import.meta.main) {
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}
