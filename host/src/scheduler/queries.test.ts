import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { getJob, getRun, listJobs, listRuns } from "./queries.ts";
import { createTestScheduler, testKind } from "./testing.ts";

function seeded() {
  const harness = createTestScheduler([testKind("test.a"), testKind("test.b")]);
  const { scheduler, db } = harness;
  scheduler.upsert({ key: "b-job", kind: "test.b", owner: "addon:x", intervalS: 60, payload: { connector_id: "c1" } });
  scheduler.upsert({ key: "a-job", kind: "test.a", cron: "0 0 * * *" });
  const insert = db.prepare("INSERT INTO job_runs (job_key, kind, status, started_at) VALUES (?, ?, ?, '2026-01-01T00:00:00.000Z')");
  for (let i = 0; i < 5; i++) insert.run("a-job", "test.a", i % 2 ? "failed" : "ok");
  insert.run("b-job", "test.b", "ok");
  return harness;
}

test("listJobs returns every job as the API shows it, filtered by kind or owner", () => {
  const { db } = seeded();
  const jobs = listJobs(db);
  assert.deepEqual(jobs.map((job) => job.key), ["a-job", "b-job"]);
  assert.deepEqual(jobs[1]!.payload, { connector_id: "c1" });
  assert.equal(jobs[1]!.enabled, true);
  assert.deepEqual(listJobs(db, { owner: "addon:x" }).map((job) => job.key), ["b-job"]);
  assert.deepEqual(listJobs(db, { kind: "test.a" }).map((job) => job.key), ["a-job"]);
  assert.equal(getJob(db, "a-job")!.cron, "0 0 * * *");
  assert.equal(getJob(db, "zzz"), undefined);
});

test("listRuns pages newest first and filters by job and status", () => {
  const { db } = seeded();
  const all = listRuns(db, { limit: 100 });
  assert.deepEqual(all.map((run) => run.id), [6, 5, 4, 3, 2, 1]);
  const firstPage = listRuns(db, { jobKey: "a-job", limit: 2 });
  assert.deepEqual(firstPage.map((run) => run.id), [5, 4]);
  assert.deepEqual(listRuns(db, { jobKey: "a-job", limit: 2, before: 4 }).map((run) => run.id), [3, 2]);
  assert.deepEqual(listRuns(db, { jobKey: "a-job", status: "failed", limit: 10 }).map((run) => run.id), [4, 2]);
  assert.equal(getRun(db, 6)!.job_key, "b-job");
});

test("listRuns refuses a bad limit, status or cursor with VALIDATION_FAILED", () => {
  const { db } = seeded();
  const invalid = (error: unknown) => OcError.is(error, "VALIDATION_FAILED");
  assert.throws(() => listRuns(db, { limit: 0 }), invalid);
  assert.throws(() => listRuns(db, { limit: 501 }), invalid);
  assert.throws(() => listRuns(db, { limit: 10, status: "weird" as never }), invalid);
  assert.throws(() => listRuns(db, { limit: 10, before: 1.5 }), invalid);
});
