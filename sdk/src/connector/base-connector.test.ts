import assert from "node:assert/strict";
import { test } from "node:test";
import { rawEventSchema } from "../alerts/model.ts";
import { validatorFor } from "../schemas/validator.ts";
import { BaseConnector, createAlert } from "./base-connector.ts";
import type { ConnectionTestResult, PollResult, Target } from "./types.ts";

const target: Target = { id: "ups1", host: "10.0.0.5", name: "UPS 1" };
const validRawEvent = validatorFor(rawEventSchema);

test("createAlert: the standard raw fields from the target, the type and the metrics, and a schema-valid event", () => {
  const before = Date.now();
  const event = createAlert(target, "on_battery", { charge: 80 });
  assert.deepEqual({ ...event, timestamp: "" }, {
    alert_type: "on_battery", device_ip: "10.0.0.5", device_name: "UPS 1", target: "ups1", timestamp: "", metrics: { charge: 80 },
  });
  assert.ok(Date.parse(event.timestamp) >= before - 1 && Date.parse(event.timestamp) <= Date.now(), "timestamp: now, ISO 8601");
  assert.equal(validRawEvent(event), true, JSON.stringify(validRawEvent.errors));
  assert.ok(!("resource" in event) && !("message" in event), "absent extras are left out, not undefined");
});

test("createAlert: extras set resource, message and timestamp, and may name another device behind the target", () => {
  const event = createAlert(target, "link_down", { ifIndex: 3 }, {
    resource: "ifIndex:3", message: "uplink", timestamp: "2026-01-01T00:00:00.000Z", device_ip: "10.0.0.9", device_name: "sw9",
  });
  assert.deepEqual(event, {
    alert_type: "link_down", device_ip: "10.0.0.9", device_name: "sw9", target: "ups1", timestamp: "2026-01-01T00:00:00.000Z",
    metrics: { ifIndex: 3 }, resource: "ifIndex:3", message: "uplink",
  });
  assert.equal(validRawEvent(event), true);
});

test("BaseConnector#createAlert builds the same event as createAlert", async () => {
  class UpsConnector extends BaseConnector {
    async testConnection(): Promise<ConnectionTestResult> {
      return { ok: true, message: "ok" };
    }
    async poll(): Promise<PollResult> {
      return { events: [this.createAlert(target, "on_battery", { charge: 80 }, { timestamp: "2026-01-01T00:00:00.000Z" })], snapshot: true, targets: [] };
    }
  }
  const { events } = await new UpsConnector().poll();
  assert.deepEqual(events, [createAlert(target, "on_battery", { charge: 80 }, { timestamp: "2026-01-01T00:00:00.000Z" })]);
});
