import { parseArgs, type ParseArgsConfig } from "node:util";
import { resolveDataDir } from "../config/load.ts";
import { hostError } from "../errors.ts";
import type { CliIo } from "./io.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs, strict, with its errors turned into CLI_USAGE. */
export function parseCommandArgs<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw hostError("CLI_USAGE", (error as Error).message);
  }
}

/**
 * The shared shape of the `VERB ACTION [OPERAND] [--data DIR] [options]` commands (user, token,
 * trust, addon): prints the verb's usage for --help (exit 0) or a missing action (exit 2),
 * refuses extra positionals, and resolves the data dir.
 */
export function parseActionCommand<O extends Options>(args: string[], options: O, usage: string, io: CliIo) {
  const { values, positionals } = parseCommandArgs(args, options);
  const [action, operand, ...extra] = positionals;
  const help = (values as { help?: boolean }).help === true;
  if (help || action === undefined) {
    io.stdout.write(`${usage}\n`);
    // Exit 2 is a usage error: say so the way every other one is said, with its code.
    if (!help) io.stderr.write(`CLI_USAGE: an action is required (see the usage above)\n`);
    return { exitCode: help ? 0 : 2 };
  }
  if (extra.length) throw hostError("CLI_USAGE", `unexpected argument "${extra[0]}"`);
  const data = (values as { data?: unknown }).data;
  return { values, action, operand, dataDir: resolveDataDir(typeof data === "string" ? data : undefined, io.env, io.cwd) };
}
