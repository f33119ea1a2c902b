import { test } from "node:test";
import assert from "node:assert/strict";
import { hostError } from "../errors.ts";
import { JobKindRegistry } from "../scheduler/registry.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import { Deferred, FakeTimers, settle, testKind } from "../scheduler/testing.ts";
import { addUser, call, createTestApi, login, type Session, type TestApi } from "./test-support.ts";

async function setup(): Promise<{ t: TestApi; scheduler: Scheduler; operator: Session; viewer: Session }> {
  let scheduler!: Scheduler;
  const t = createTestApi({
    createScheduler: ({ db, clock }) => {
      const kinds = new JobKindRegistry([
        testKind("test.echo", async (job) => ({ echoed: job.key })),
        testKind("test.fail", async () => {
          throw hostError("CONNECTOR_NOT_FOUND", "no such connector");
        }),
      ]);
      scheduler = new Scheduler({ db, clock, kinds, timers: new FakeTimers(clock) });
      return scheduler;
    },
  });
  scheduler.upsert({ key: "echo:a", kind: "test.echo", intervalS: 60 });
  scheduler.upsert({ key: "echo:b", kind: "test.echo", owner: "addon:opsconductor.test", cron: "0 * * * *" });
  scheduler.upsert({ key: "fail:a", kind: "test.fail", intervalS: 300 });
  scheduler.start();
  await addUser(t, "olga", "operator");
  await addUser(t, "victor", "viewer");
  return { t, scheduler, operator: await login(t, "olga"), viewer: await login(t, "victor") };
}

test("GET /scheduler/jobs lists the jobs, filterable by kind and owner", async () => {
  const { t, viewer } = await setup();
  const all = await call(t, "GET", "/scheduler/jobs", { as: viewer });
  assert.equal(all.status, 200);
  assert.deepEqual(all.body.items.map((job: { key: string }) => job.key), ["echo:a", "echo:b", "fail:a"]);
  assert.equal(all.body.items[1].cron, "0 * * * *");
  const owned = await call(t, "GET", "/scheduler/jobs?owner=addon:opsconductor.test", { as: viewer });
  assert.deepEqual(owned.body.items.map((job: { key: string }) => job.key), ["echo:b"]);
  assert.equal((await call(t, "GET", "/scheduler/jobs?kind=test.fail", { as: viewer })).body.items.length, 1);
});

test("POST /scheduler/jobs/:key/run runs the job now and answers the finished run", async () => {
  const { t, operator } = await setup();
  const ok = await call(t, "POST", "/scheduler/jobs/echo:a/run", { as: operator });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.status, "ok");
  assert.equal(ok.body.trigger, "manual");
  assert.deepEqual(ok.body.result, { echoed: "echo:a" });

  const failed = await call(t, "POST", `/scheduler/jobs/${encodeURIComponent("fail:a")}/run`, { as: operator });
  assert.equal(failed.status, 200, "the run happened; its failure is in the record");
  assert.equal(failed.body.status, "failed");
  assert.equal(failed.body.error_code, "CONNECTOR_NOT_FOUND");

  const missing = await call(t, "POST", "/scheduler/jobs/nope/run", { as: operator });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, "JOB_NOT_FOUND");
});

test("a job whose key holds a slash (an addon's schedule) runs at its key as written, or %2F-encoded", async () => {
  const { t, scheduler, operator } = await setup();
  scheduler.upsert({ key: "echo:addon:acme.probe/inventory", kind: "test.echo", owner: "addon:acme.probe", cron: "0 * * * *" });
  const plain = await call(t, "POST", "/scheduler/jobs/echo:addon:acme.probe/inventory/run", { as: operator });
  assert.equal(plain.status, 200, JSON.stringify(plain.body));
  assert.deepEqual(plain.body.result, { echoed: "echo:addon:acme.probe/inventory" });
  const encoded = await call(t, "POST", `/scheduler/jobs/${encodeURIComponent("echo:addon:acme.probe/inventory")}/run`, { as: operator });
  assert.deepEqual(encoded.body.result, { echoed: "echo:addon:acme.probe/inventory" });
});

test("GET /scheduler/runs filters by job and status and pages newest first", async () => {
  const { t, scheduler, viewer } = await setup();
  for (let i = 0; i < 5; i++) await scheduler.runNow("echo:a");
  await scheduler.runNow("echo:b");
  await scheduler.runNow("fail:a");

  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = `/scheduler/runs?job_key=echo:a&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
    const page = await call(t, "GET", query, { as: viewer });
    assert.equal(page.status, 200);
    assert.ok(page.body.items.every((run: { job_key: string }) => run.job_key === "echo:a"));
    seen.push(...page.body.items.map((run: { id: number }) => run.id));
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 3);
  assert.equal(seen.length, 5);
  assert.deepEqual(seen, [...seen].sort((a, b) => b - a));

  const failed = await call(t, "GET", "/scheduler/runs?status=failed", { as: viewer });
  assert.deepEqual(failed.body.items.map((run: { job_key: string }) => run.job_key), ["fail:a"]);
  const exact = await call(t, "GET", "/scheduler/runs?limit=7", { as: viewer });
  assert.equal(exact.body.items.length, 7);
  assert.equal(exact.body.nextCursor, null, "a page that ends exactly at the last run has no next page");

  const bad = await call(t, "GET", "/scheduler/runs?status=exploded", { as: viewer });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /\/status must be one of/);
});

test("without a scheduler, run-now is SCHEDULER_UNAVAILABLE", async () => {
  const t = createTestApi();
  await addUser(t, "olga", "operator");
  const answer = await call(t, "POST", "/scheduler/jobs/alerts.evaluate/run", { as: await login(t, "olga") });
  assert.equal(answer.status, 503);
  assert.equal(answer.body.error.code, "SCHEDULER_UNAVAILABLE");
});

test("GET /scheduler/jobs says which jobs are stuck: timed out, their handler not returned", async () => {
  const hung = new Deferred();
  let scheduler!: Scheduler;
  let timers!: FakeTimers;
  const t = createTestApi({
    createScheduler: ({ db, clock }) => {
      timers = new FakeTimers(clock);
      // The handler ignores its abort signal: the run is recorded 'timeout' at 1 s, the handler goes on.
      const kinds = new JobKindRegistry([testKind("test.hang", () => hung.promise, 1_000), testKind("test.echo")]);
      scheduler = new Scheduler({ db, clock, kinds, timers, onError: () => {} });
      return scheduler;
    },
  });
  scheduler.upsert({ key: "hang", kind: "test.hang", intervalS: 10 });
  scheduler.upsert({ key: "echo", kind: "test.echo", intervalS: 10 });
  await addUser(t, "victor", "viewer");
  const viewer = await login(t, "victor");
  const stuckOf = async () => Object.fromEntries((await call(t, "GET", "/scheduler/jobs", { as: viewer })).body.items
    .map((job: { key: string; stuck: boolean }) => [job.key, job.stuck]));

  assert.deepEqual(await stuckOf(), { echo: false, hang: false });
  scheduler.start();
  await timers.advance(11_000);
  assert.equal(scheduler.get("hang")!.last_status, "timeout");
  assert.equal(scheduler.get("echo")!.last_status, "ok");
  assert.deepEqual(await stuckOf(), { echo: false, hang: true });
  hung.resolve("late");
  await settle();
  assert.deepEqual(await stuckOf(), { echo: false, hang: false }, "no longer once the handler returned");
  await scheduler.stop();
});
