// oc-addon: the addon author's command line (DESIGN §7). One file per verb.
import { toErrorData } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import type { CliContext, Command } from "./command.ts";
import { initCommand } from "./init.ts";
import { testCommand } from "./test.ts";
import { buildCommand } from "./build.ts";
import { keygenCommand } from "./keygen.ts";
import { signCommand } from "./sign.ts";
import { packCommand } from "./pack.ts";
import { verifyCommand } from "./verify.ts";
import { schemasCommand } from "./schemas.ts";

export const COMMANDS: readonly Command[] = [
  initCommand, testCommand, buildCommand, keygenCommand, signCommand, packCommand, verifyCommand, schemasCommand,
];

/** Exit status of a usage error (bad verb or flag); every other failure exits 1. */
export const EXIT_USAGE = 2;

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: oc-addon VERB [options]    (oc-addon VERB --help for details)

Build, sign and check OpsConductor addon packages. Run inside an addon's folder.

${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Exit status: 0 on success; otherwise CODE: message on stderr and 1 (2 for usage errors).
`;
}

/**
 * Runs one `oc-addon` invocation and returns its exit status; never throws.
 *
 * @example
 * process.exitCode = await runCli(["verify", "dist/acme.ups-1.0.0.zip", "--trust", "acme.pub"]);
 */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const [verb, ...args] = argv;
  if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") {
    context.out(overview());
    if (verb !== undefined) return 0;
    context.err(`${SdkErrorCodes.CLI_USAGE}: a verb is required (see the list above)\n`);
    return EXIT_USAGE;
  }
  const command = COMMANDS.find((c) => c.name === verb);
  if (!command) {
    context.err(`${SdkErrorCodes.CLI_USAGE}: unknown verb "${verb}" (see: oc-addon --help)\n`);
    return EXIT_USAGE;
  }
  if (args.includes("--help") || args.includes("-h")) {
    context.out(`${command.help}\n`);
    return 0;
  }
  try {
    await command.run(args, context);
    return 0;
  } catch (error) {
    const { code, message } = toErrorData(error, "INTERNAL");
    context.err(`${code}: ${message}\n`);
    if (code === "INTERNAL" && error instanceof Error && error.stack) context.err(`${error.stack}\n`);
    return code === SdkErrorCodes.CLI_USAGE ? EXIT_USAGE : 1;
  }
}

if (import.meta.main) {
  process.exitCode = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
