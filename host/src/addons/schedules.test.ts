import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { jobsRunKind, TaskTable } from "../scheduler/kinds/jobs-run.ts";
import { createTestScheduler } from "../scheduler/testing.ts";
import type { ConnectorInstances } from "./instances.ts";
import type { LoadedVersion } from "./runtime-pool.ts";
import { AddonSchedules, addonOwner, scheduleJobKey } from "./schedules.ts";

function setup() {
  const tasks = new TaskTable();
  const { db, clock, scheduler } = createTestScheduler([jobsRunKind(tasks)]);
  const schedules = new AddonSchedules({ db, clock, tasks, instances: {} as ConnectorInstances });
  /** The addon's registered tasks and its jobs (key, cron, enabled), as they stand. */
  const state = (id: string) => ({
    tasks: tasks.names().filter((name) => name.startsWith(`addon:${id}/`)),
    jobs: scheduler.list({ kind: "jobs.run", owner: addonOwner(id) }).map((job) => [job.key, job.cron, job.enabled]),
  });
  return { tasks, scheduler, schedules, state };
}

/** A loaded version carrying only what register reads; the manifest is not validated, as a bad cron must get through. */
function loaded(id: string, version: string, crons: Record<string, string>): LoadedVersion {
  const schedules = Object.entries(crons).map(([name, cron]) => ({ name, cron, job: "device_sync" }));
  return { ref: { id, version }, manifest: { id, version, schedules } } as unknown as LoadedVersion;
}

const isCronInvalid = (error: unknown) => OcError.is(error, "CRON_INVALID");

test("register is all or nothing: a failing schedule puts the addon's tasks and jobs back as they were", (t) => {
  const { scheduler, schedules, state } = setup();
  t.after(() => scheduler.stop());
  schedules.register(loaded("acme.x", "1.0.0", { a: "0 * * * *" }), scheduler);
  // An admin's disable is part of what must survive the failed upgrade.
  scheduler.disable(scheduleJobKey("acme.x", "a"));
  const before = state("acme.x");
  assert.deepEqual(before, { tasks: ["addon:acme.x/a"], jobs: [["jobs.run:addon:acme.x/a", "0 * * * *", false]] });

  // b and its task are registered before c fails: both must be undone, and a's cron put back.
  assert.throws(() => schedules.register(loaded("acme.x", "2.0.0", { a: "*/5 * * * *", b: "15 * * * *", c: "61 * * * *" }), scheduler), isCronInvalid);
  assert.deepEqual(state("acme.x"), before);

  // Nothing leaked: the next register (a good upgrade) does not meet CONFLICT "task … already registered".
  schedules.register(loaded("acme.x", "2.0.1", { a: "*/5 * * * *", b: "15 * * * *" }), scheduler);
  assert.deepEqual(state("acme.x"), {
    tasks: ["addon:acme.x/a", "addon:acme.x/b"],
    jobs: [["jobs.run:addon:acme.x/a", "*/5 * * * *", false], ["jobs.run:addon:acme.x/b", "15 * * * *", true]],
  });
  schedules.unregister("acme.x", scheduler);
  assert.deepEqual(state("acme.x"), { tasks: [], jobs: [] });
});

test("a first register that fails leaves nothing of the addon, and a later one works", (t) => {
  const { scheduler, schedules, state } = setup();
  t.after(() => scheduler.stop());
  assert.throws(() => schedules.register(loaded("acme.y", "1.0.0", { good: "@daily", bad: "0 0 31 2 *" }), scheduler), isCronInvalid);
  assert.deepEqual(state("acme.y"), { tasks: [], jobs: [] });
  schedules.register(loaded("acme.y", "1.0.1", { good: "@daily", bad: "0 0 28 2 *" }), scheduler);
  assert.deepEqual(state("acme.y").tasks, ["addon:acme.y/bad", "addon:acme.y/good"]);
});
