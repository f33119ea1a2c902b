import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecordingAlertSink } from "../connectors/testing.ts";
import { BACKUP_JOB_KEY, BACKUP_TASK, installCoreJobs } from "./core-jobs.ts";
import { alertsEvaluateKind, countersResetKind } from "./kinds/alert-kinds.ts";
import { jobsRunKind, TaskTable } from "./kinds/jobs-run.ts";
import { createTestScheduler } from "./testing.ts";

async function coreScheduler(t: TestContext) {
  const dataDir = await mkdtemp(join(tmpdir(), "oc-backup-job-"));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const tasks = new TaskTable();
  const sink = new RecordingAlertSink();
  const parts = createTestScheduler([jobsRunKind(tasks), alertsEvaluateKind(sink), countersResetKind(sink)]);
  parts.timers.clock.set("2026-01-01T01:00:00.000Z");
  t.after(() => parts.scheduler.stop(0));
  return { ...parts, tasks, dataDir };
}

test("with backups kept the nightly backup job is listed, and a run writes a backup and reports it", async (t) => {
  const { scheduler, tasks, db, clock, dataDir } = await coreScheduler(t);
  installCoreJobs(scheduler, tasks, { db, clock, backup: { dataDir, keep: 3 } });
  const job = scheduler.list().find((listed) => listed.key === BACKUP_JOB_KEY);
  assert.deepEqual([job?.kind, job?.owner, job?.cron, job?.next_run_at], ["jobs.run", "core", "47 2 * * *", "2026-01-01T02:47:00.000Z"]);
  assert.deepEqual(job?.payload, { task: BACKUP_TASK, args: { keep: 3 }, timeout_s: 3_600 });

  scheduler.start();
  const run = await scheduler.runNow(BACKUP_JOB_KEY);
  const file = join(dataDir, "backups", "opsconductor-20260101T010000.000Z.db");
  assert.equal(run.status, "ok", run.error_message ?? "");
  const result = run.result as { file: string; bytes: number; deleted: number };
  assert.deepEqual(result, { file, bytes: result.bytes, deleted: 0 });
  assert.ok(result.bytes > 0);
  assert.ok(existsSync(file));
});

test("keep 0 (or no backup policy) installs no backup job, and removes one an earlier boot installed", async (t) => {
  const { scheduler, tasks, db, clock, dataDir } = await coreScheduler(t);
  installCoreJobs(scheduler, tasks, { db, clock });
  assert.equal(scheduler.get(BACKUP_JOB_KEY), undefined);
  installCoreJobs(scheduler, tasks, { db, clock, backup: { dataDir, keep: 7 } });
  assert.ok(scheduler.list().some((job) => job.key === BACKUP_JOB_KEY));
  const jobs = installCoreJobs(scheduler, tasks, { db, clock, backup: { dataDir, keep: 0 } });
  assert.ok(!jobs.some((job) => job.key === BACKUP_JOB_KEY));
  assert.ok(!scheduler.list().some((job) => job.key === BACKUP_JOB_KEY));
});

test("a backup that cannot be written fails its run with STORE_BACKUP_FAILED; the scheduler goes on", async (t) => {
  const { scheduler, tasks, db, clock, dataDir } = await coreScheduler(t);
  installCoreJobs(scheduler, tasks, { db, clock, backup: { dataDir, keep: 7 } });
  await writeFile(join(dataDir, "backups"), "in the way");
  scheduler.start();
  const run = await scheduler.runNow(BACKUP_JOB_KEY);
  assert.deepEqual([run.status, run.error_code], ["failed", "STORE_BACKUP_FAILED"]);
  assert.equal(scheduler.get(BACKUP_JOB_KEY)!.last_status, "failed");
  assert.deepEqual(await readdir(dataDir), ["backups"]);
  assert.equal((await scheduler.runNow("alerts.evaluate")).status, "ok");
});
