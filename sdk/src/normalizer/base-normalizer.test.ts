import { test } from "node:test";
import assert from "node:assert/strict";
import { BaseNormalizer, alertTypeBase, isClearAlertType } from "./base-normalizer.ts";
import type { MappingSnapshot } from "../alerts/mappings.ts";
import type { NormalizedAlert, RawEvent } from "../alerts/model.ts";
import { normalizedAlertSchema } from "../alerts/model.ts";
import { validatorFor } from "../schemas/validator.ts";

class TestNormalizer extends BaseNormalizer {
  override readonly defaultCategory = "network" as const;
  normalize(raw: RawEvent): NormalizedAlert | null {
    return this.isEventEnabled(raw.alert_type) ? this.build(raw) : null;
  }
}

const snapshot: MappingSnapshot = {
  connector_type: "test.addon",
  severity: {
    sensor_down: { severity: "critical" },
    sensor_paused: { severity: "info", enabled: false },
    power_restored: { severity: "clear", clears: "on_battery" },
    link_upgrade: { severity: "minor", clear: false },
    cold_start: { severity: "info" },
  },
  category: { on_battery: "power" },
};

function raw(alertType: string, extra: Partial<RawEvent> = {}): RawEvent {
  return { alert_type: alertType, device_ip: "192.0.2.1", device_name: "sw1", timestamp: "2026-01-01T00:00:00.000Z", metrics: {}, ...extra };
}

const normalizer = new TestNormalizer(snapshot);

test("severityOf reads the mapping, defaults to warning for problems and clear for clears", () => {
  const cases: Array<[string, string]> = [["sensor_down", "critical"], ["unmapped_problem", "warning"], ["link_up", "clear"]];
  for (const [type, severity] of cases) assert.equal(normalizer.severityOf(type), severity, type);
});

test("categoryOf falls back from mapping to snapshot default to the normalizer default", () => {
  assert.equal(normalizer.categoryOf("on_battery"), "power");
  assert.equal(normalizer.categoryOf("sensor_down"), "network");
  const withDefault = new TestNormalizer({ ...snapshot, default_category: "video" });
  assert.equal(withDefault.categoryOf("sensor_down"), "video");
});

test("isClearEvent: mapping flag, clear severity, or a standard suffix", () => {
  const cases: Array<[string, boolean]> = [
    ["link_up", true], ["tunnel_restored", true], ["ups_online", true], ["temp_normal", true], ["alarm_cleared", true],
    ["power_restored", true], ["fan_ok", true], ["alarm_clear", true], ["link_down", false], ["link_upgrade", false],
    ["sensor_down", false], ["token_broken", false], ["nuclear", false],
  ];
  for (const [type, expected] of cases) assert.equal(normalizer.isClearEvent(type), expected, type);
});

test("isEventEnabled is false only when the mapping disables the type", () => {
  assert.equal(normalizer.isEventEnabled("sensor_paused"), false);
  assert.equal(normalizer.isEventEnabled("sensor_down"), true);
  assert.equal(normalizer.normalize(raw("sensor_paused")), null);
});

test("build produces a schema-valid alert with role, severity and category", () => {
  const alert = normalizer.normalize(raw("sensor_down", { resource: "sensor:42", target: "prtg1" }));
  assert.ok(alert);
  assert.equal(validatorFor(normalizedAlertSchema)(alert), true);
  assert.equal(alert.role, "problem");
  assert.equal(alert.severity, "critical");
  assert.equal(alert.resource, "sensor:42");
  assert.equal(alert.target, "prtg1");
  assert.equal(normalizer.normalize(raw("link_up"))?.role, "clear");
  assert.equal(normalizer.normalize(raw("cold_start"))?.role, "notice");
});

test("alertTypeBase pairs problems with their clears", () => {
  assert.equal(alertTypeBase("link_down"), alertTypeBase("link_up"));
  assert.equal(alertTypeBase("high_cpu"), alertTypeBase("high_cpu_normal"));
  assert.equal(alertTypeBase("power_restored", snapshot), alertTypeBase("on_battery"));
  assert.equal(alertTypeBase("ups_alarm_cleared"), alertTypeBase("ups_alarm"));
  assert.equal(alertTypeBase("link_down_cleared"), alertTypeBase("link_down"));
  assert.notEqual(alertTypeBase("link_down"), alertTypeBase("sensor_down"));
  assert.equal(isClearAlertType("_up"), true);
});
