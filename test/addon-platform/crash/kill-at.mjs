// Preload (node --import) for install-crash.test.ts: SIGKILLs this process at one file operation,
// as a power cut would: when a call of OC_KILL_AT_OP ("renameSync" or "rmSync") names a path
// matching OC_KILL_AT_PATH, before the call or after it (OC_KILL_AT_WHEN).
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const op = process.env.OC_KILL_AT_OP;
const pattern = new RegExp(process.env.OC_KILL_AT_PATH ?? "^$");
const when = process.env.OC_KILL_AT_WHEN ?? "before";
const original = fs[op];
fs[op] = function (...args) {
  const hit = args.slice(0, 2).some((arg) => typeof arg === "string" && pattern.test(arg));
  if (hit && when === "before") process.kill(process.pid, "SIGKILL");
  const result = original.apply(this, args);
  if (hit && when === "after") process.kill(process.pid, "SIGKILL");
  return result;
};
syncBuiltinESMExports();
