import { parseArgs, type ParseArgsConfig } from "node:util";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";

/** Where a verb runs and writes: the addon folder, and the two output streams. */
export interface CliContext {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}

/** One `oc-addon` verb. */
export interface Command {
  name: string;
  /** One line for the verb list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  run(args: string[], context: CliContext): Promise<void>;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses a verb's arguments strictly; an unknown flag or a missing value is `CLI_USAGE`.
 *
 * @example
 * const { values, positionals } = parseVerbArgs("keygen", args, { out: { type: "string" } });
 */
export function parseVerbArgs<O extends Options>(verb: string, args: string[], options: O, maxPositionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: maxPositionals > 0, strict: true });
  } catch (error) {
    throw usageError(verb, (error as Error).message);
  }
  if (parsed.positionals.length > maxPositionals) throw usageError(verb, `unexpected argument "${parsed.positionals[maxPositionals]}"`);
  return parsed;
}

/**
 * A `CLI_USAGE` error pointing at the verb's help.
 *
 * @example
 * throw usageError("sign", "--key is required");
 */
export function usageError(verb: string, message: string): OcError {
  return new OcError(SdkErrorCodes.CLI_USAGE, `${message} (see: oc-addon ${verb} --help)`);
}
