#!/usr/bin/env node
// The oc-addon command: Node 24 runs the TypeScript CLI directly (type stripping).
import { runCli } from "../src/cli/main.ts";

process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
