// Runs every test of the repository with node:test: unit tests beside the code
// (`*.test.ts` in each package's src) and cross-package tests in test/.
import { spawnSync } from "node:child_process";
import { globSync } from "node:fs";

const patterns = [
  "sdk/src/**/*.test.ts",
  "host/src/**/*.test.ts",
  "ui/src/**/*.test.ts",
  "addons-builtin/*/src/**/*.test.ts",
  "scripts/**/*.test.ts",
  "test/**/*.test.ts",
];
const only = process.argv.slice(2);
const files = (only.length ? only : patterns.flatMap((pattern) => globSync(pattern))).sort();
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=2", "--test-timeout=120000", ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
