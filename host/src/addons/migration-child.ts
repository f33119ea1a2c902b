// The child process that runs an addon's migrations (see runAddonMigrations): one request over
// IPC, one answer, then the parent kills it — or kills it sooner, at the install's time limit.
import { toErrorData } from "@opsconductor/sdk";
import { applyMigrations, type MigrationAnswer, type MigrationRequest } from "./apply-migrations.ts";

process.once("message", (request: MigrationRequest) => {
  let answer: MigrationAnswer;
  try {
    answer = { ok: true, applied: applyMigrations(request) };
  } catch (error) {
    answer = { ok: false, error: toErrorData(error, "ADDON_MIGRATION_FAILED") };
  }
  process.send!(answer);
});
