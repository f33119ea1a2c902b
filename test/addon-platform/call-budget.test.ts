// The broker's network call budget is per operation the host starts — each poll, connection
// test, device sync or delivery gets its own — so no run of tests or deliveries can use up
// what a later poll may spend, and one poll still cannot make more calls than the budget.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startDeviceServer, type DeviceServer } from "../../host/src/addons/test-support/device-server.ts";
import { createProbeHarness, request, type Harness } from "../../host/src/addons/test-support/harness.ts";

const SECRET = "budget-test-password";
const CALLS_PER_OPERATION = 2;
let h: Harness;
let device: DeviceServer;

before(async () => {
  device = await startDeviceServer("opsbot", SECRET);
  device.alarms = [{ type: "link_down", object: "ge-0/0/1" }];
  h = await createProbeHarness({ brokerLimits: { callsPerOperation: CALLS_PER_OPERATION } });
});
after(async () => {
  await h.close();
  await device.close();
});

/** A probe connector polling `count` targets (one HTTP call each) on the test device. */
async function probeWithTargets(count: number): Promise<string> {
  const targets = Array.from({ length: count }, (_, i) => ({ id: `dev${i}`, host: "127.0.0.1", port: device.port, name: `Device ${i}` }));
  const created = await request(h, "POST", "/connectors", { as: "operator", body: {
    addon_id: "acme.probe", name: `Probe x${count}`, config: { targets, username: "opsbot", password: SECRET },
  } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id;
}

test("connection tests each get a budget: more tests than the budget allows calls all succeed, and a poll after them too", async () => {
  const id = await probeWithTargets(CALLS_PER_OPERATION);
  for (let i = 0; i < CALLS_PER_OPERATION * 3; i++) {
    const tested = await request(h, "POST", `/connectors/${id}/test`, { as: "operator" });
    assert.equal(tested.status, 200);
    assert.deepEqual(tested.body, { ok: true, message: "reachable" }, `test ${i + 1}`);
  }
  const run = await request(h, "POST", `/connectors/${id}/poll`, { as: "operator" });
  assert.equal(run.body.status, "ok", JSON.stringify(run.body));
});

test("one poll still cannot make more network calls than its budget: the call past it is refused (BROKER_BUDGET_EXCEEDED)", async () => {
  const id = await probeWithTargets(CALLS_PER_OPERATION + 1);
  const before = device.authorizations.length;
  for (let poll = 0; poll < 2; poll++) {
    const run = await request(h, "POST", `/connectors/${id}/poll`, { as: "operator" });
    assert.equal(run.body.status, "failed", JSON.stringify(run.body));
    assert.equal(run.body.error_code, "ADDON_POLL_FAILED");
    assert.match(run.body.error_message, /ctx\.http call refused: this operation .* already made its 2 allowed network calls/);
  }
  assert.equal(device.authorizations.length - before, CALLS_PER_OPERATION * 2, "each poll reached the device exactly budget times");
});
