import { parseArgs, type ParseArgsConfig } from "node:util";
import { hostError } from "../errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs, strict, with its errors turned into CLI_USAGE. */
export function parseCommandArgs<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw hostError("CLI_USAGE", (error as Error).message);
  }
}
