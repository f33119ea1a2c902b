// A connector record carries today's counters (connector_counters) over the real API and addon
// platform: webhook deliveries through the probe addon are counted by outcome — a clear for a key
// with nothing open is dropped and counted — and the scheduler's counters.reset zeroes them.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createAjv } from "@opsconductor/sdk";
import { createProbeHarness, request, type Harness } from "../addons/test-support/harness.ts";
import { connectorCountersSchema, type ConnectorCountersView } from "./schemas.ts";

const TARGETS = [{ id: "dev1", host: "127.0.0.1", port: 9, name: "Device 1" }];
const ZERO = { received: 0, created: 0, deduplicated: 0, resolved: 0, dropped_clears: 0, notices: 0, polls: 0, poll_failures: 0 };
const validCounters = createAjv().compile(connectorCountersSchema);
let h: Harness;

before(async () => {
  h = await createProbeHarness();
});
after(async () => {
  await h.close();
});

async function createProbe(name: string): Promise<{ id: string; token: string }> {
  const created = await request(h, "POST", "/connectors", { as: "operator", body: {
    addon_id: "acme.probe", name, config: { targets: TARGETS, username: "opsbot", password: "pw" },
  } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { id: created.body.id, token: created.body.webhook_token };
}

/** One webhook delivery: the probe turns `{type, resource}` into one alert (a `_up` type is a clear). */
async function deliver(connector: { id: string; token: string }, type: string, resource: string): Promise<void> {
  const answer = await request(h, "POST", `/webhooks/${connector.id}`, {
    as: null, headers: { authorization: `Bearer ${connector.token}` }, body: { type, resource },
  });
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
}

async function countersOf(id: string): Promise<ConnectorCountersView> {
  const answer = await request(h, "GET", `/connectors/${id}`, { as: "viewer" });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.ok(validCounters(answer.body.counters), JSON.stringify(validCounters.errors));
  return answer.body.counters;
}

test("GET /connectors and /connectors/:id show today's counters by outcome, an unknown clear as dropped_clears", async () => {
  const busy = await createProbe("Busy probe");
  const quiet = await createProbe("Quiet probe");
  assert.deepEqual(await countersOf(busy.id), { since: null, ...ZERO }, "nothing counted yet");

  // Distinct counts, so one outcome counted as another shows: 2 new, 3 repeats, 1 resolved, 4 dropped clears.
  for (const [type, resource] of [
    ["link_down", "ge-1"], ["link_down", "ge-1"], ["link_down", "ge-1"], ["link_down", "ge-1"], ["link_down", "ge-2"],
    ["link_up", "ge-1"], ["link_up", "ge-6"], ["link_up", "ge-7"], ["link_up", "ge-8"], ["link_up", "ge-9"],
  ] as const) await deliver(busy, type, resource);

  const { since, ...counts } = await countersOf(busy.id);
  assert.deepEqual(counts, { ...ZERO, received: 10, created: 2, deduplicated: 3, resolved: 1, dropped_clears: 4 });
  assert.ok(since && Date.now() - Date.parse(since) < 60_000, `since is the first count of the day: ${since}`);

  const listed = await request(h, "GET", "/connectors", { as: "viewer" });
  assert.equal(listed.status, 200);
  const byId = new Map<string, ConnectorCountersView>(listed.body.items.map((item: { id: string; counters: ConnectorCountersView }) => [item.id, item.counters]));
  assert.deepEqual(byId.get(busy.id), { since, ...counts });
  assert.deepEqual(byId.get(quiet.id), { since: null, ...ZERO });
  for (const counters of byId.values()) assert.ok(validCounters(counters), JSON.stringify(validCounters.errors));
});

test("the scheduler's counters.reset zeroes the counters and moves since forward", async () => {
  const probe = await createProbe("Reset probe");
  await deliver(probe, "link_up", "never-opened");
  const before = await countersOf(probe.id);
  assert.equal(before.dropped_clears, 1);

  const run = await request(h, "POST", `/scheduler/jobs/${encodeURIComponent("counters.reset")}/run`, { as: "operator" });
  assert.equal(run.status, 200, JSON.stringify(run.body));
  assert.equal(run.body.status, "ok", JSON.stringify(run.body));
  const after = await countersOf(probe.id);
  assert.deepEqual({ ...after, since: null }, { since: null, ...ZERO });
  assert.ok(after.since && before.since && after.since >= before.since, `${after.since} follows ${before.since}`);
});
