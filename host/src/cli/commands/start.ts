import { defaultBuiltinAddons } from "../../addons/builtins.ts";
import { loadDaemonConfig } from "../../config/load.ts";
import { closeOnSignals, startDaemon } from "../../daemon.ts";
import { parseCommandArgs } from "../args.ts";
import type { CliIo } from "../io.ts";
import { USAGE } from "../usage.ts";

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  data: { type: "string" },
  "trap-port": { type: "string" },
  "trap-host": { type: "string" },
  "absence-threshold": { type: "string" },
  "open-alert-limit": { type: "string" },
  "backup-keep": { type: "string" },
  metrics: { type: "boolean" },
  "trust-proxy": { type: "boolean" },
  "alert-retention-days": { type: "string" },
  "metric-retention-days": { type: "string" },
  "audit-retention-days": { type: "string" },
  dev: { type: "boolean" },
} as const;

/** `start`: serves until SIGINT/SIGTERM; resolves with the exit status once shut down. */
export async function runStart(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS);
  if (values.help) {
    io.stdout.write(`${USAGE.start}\n`);
    return 0;
  }
  if (positionals.length) {
    io.stderr.write(`CLI_USAGE: unexpected argument "${positionals[0]}"\n${USAGE.start}\n`);
    return 2;
  }
  const config = loadDaemonConfig(values, io.env, io.cwd);
  const log = (line: string) => io.stdout.write(`${line}\n`);
  await closeOnSignals(await startDaemon(config, { log, builtinAddons: defaultBuiltinAddons() }), log);
  return 0;
}
