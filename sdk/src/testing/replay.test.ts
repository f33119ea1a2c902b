import { test } from "node:test";
import assert from "node:assert/strict";
import { BaseNormalizer } from "../normalizer/base-normalizer.ts";
import type { NormalizedAlert, RawEvent } from "../alerts/model.ts";
import { OcError } from "../errors/oc-error.ts";
import { diffValues } from "./diff.ts";
import { parseFixtureFile } from "./load-fixtures.ts";
import { formatReplayReport, replayFixtures } from "./replay.ts";

class UpsNormalizer extends BaseNormalizer {
  override readonly defaultCategory = "power" as const;
  normalize(raw: RawEvent): NormalizedAlert | null {
    if (raw.alert_type === "explode") throw new Error("boom");
    if (raw.alert_type === "forgot_return") return undefined as unknown as null;
    if (raw.alert_type === "text") return "on battery" as unknown as null;
    return this.isEventEnabled(raw.alert_type) ? this.build(raw) : null;
  }
}
const normalizer = new UpsNormalizer({ connector_type: "acme.ups", severity: { on_battery: { severity: "major" }, self_test: { severity: "info", enabled: false } }, category: {} });
const raw = (alert_type: string) => ({ alert_type, device_ip: "10.0.0.5", device_name: "ups1", timestamp: "2026-01-01T00:00:00.000Z", metrics: { charge: 80 } });
const expected = {
  connector_type: "acme.ups", alert_type: "on_battery", role: "problem", severity: "major", category: "power",
  device_ip: "10.0.0.5", device_name: "ups1", title: "ups1: on battery", message: "", timestamp: "2026-01-01T00:00:00.000Z", metrics: { charge: 80 },
};

test("diffValues names each differing path", () => {
  assert.deepEqual(diffValues({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] }, d: true }), [
    { path: "b.c[1]", expected: 2, actual: 3 },
    { path: "d", expected: undefined, actual: true },
  ]);
});

test("replay passes matching fixtures, null for disabled types, and ignores raw when expected omits it", () => {
  const fixtures = parseFixtureFile("fixtures/ups.json", JSON.stringify([
    { name: "on battery", raw: raw("on_battery"), expected },
    { name: "self test disabled", raw: raw("self_test"), expected: null },
  ]));
  const results = replayFixtures(normalizer, fixtures);
  assert.deepEqual(results.map((r) => [r.label, r.passed]), [["fixtures/ups.json#1 (on battery)", true], ["fixtures/ups.json#2 (self test disabled)", true]]);
  assert.match(formatReplayReport(results), /2 passed, 0 failed\n$/);
});

test("replay reports each differing field, a null mismatch and a thrown error", () => {
  const fixtures = parseFixtureFile("fixtures/bad.json", JSON.stringify([
    { raw: raw("on_battery"), expected: { ...expected, severity: "critical", title: "UPS on battery" } },
    { raw: raw("on_battery"), expected: null },
    { raw: raw("explode"), expected: null },
  ]));
  const results = replayFixtures(normalizer, fixtures);
  assert.deepEqual(results.map((r) => r.passed), [false, false, false]);
  assert.deepEqual(results[0]!.problems, ['severity: expected "critical", got "major"', 'title: expected "UPS on battery", got "ups1: on battery"']);
  assert.deepEqual(results[1]!.problems, ["expected null (event disabled), got an alert"]);
  assert.match(results[2]!.problems[0]!, /normalize threw: Error: boom/);
  const report = formatReplayReport(results);
  assert.match(report, /✗ fixtures\/bad.json#1\n {4}severity: expected "critical", got "major"/);
  assert.match(report, /0 passed, 3 failed\n$/);
});

test("a fixture file that breaks the schema is FIXTURE_INVALID naming the field", () => {
  assert.throws(() => parseFixtureFile("fixtures/x.json", JSON.stringify({ raw: raw("a"), expected: { ...expected, role: "oops" } })),
    (e) => OcError.is(e, "FIXTURE_INVALID") && e.message.includes("fixtures/x.json") && e.message.includes("/expected/role"));
  assert.throws(() => parseFixtureFile("fixtures/x.json", "{"), (e) => OcError.is(e, "FIXTURE_INVALID"));
});

test("a normalizer that returns undefined or a non-object fails its fixture, saying so (no crash)", () => {
  const fixtures = parseFixtureFile("fixtures/odd.json", JSON.stringify([
    { raw: raw("forgot_return"), expected: { ...expected, alert_type: "forgot_return" } },
    { raw: raw("text"), expected: null },
  ]));
  assert.deepEqual(replayFixtures(normalizer, fixtures).map((r) => [r.passed, r.problems]), [
    [false, ["normalize returned undefined: an alert object, or null for a disabled event"]],
    [false, ["normalize returned string: an alert object, or null for a disabled event"]],
  ]);
});
