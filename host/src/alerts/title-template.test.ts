import { test } from "node:test";
import assert from "node:assert/strict";
import { renderTitle } from "./title-template.ts";
import { problem } from "./testdata/fixtures.ts";

test("title templates fill fields and metric paths", () => {
  const alert = problem({ metrics: { speed: 1000, optics: { rx_dbm: -12.5 }, tags: ["a"] } });
  const cases: Array<[string, string]> = [
    ["{device_name} ({device_ip}): {resource} down", "sw1 (192.0.2.1): ge-0/0/1 down"],
    ["{alert_type} at {metrics.speed} bps", "link_down at 1000 bps"],
    ["rx {metrics.optics.rx_dbm} dBm", "rx -12.5 dBm"],
    ["tags {metrics.tags}", 'tags ["a"]'],
    ["no placeholders", "no placeholders"],
    ["missing metric [{metrics.nope}]", "missing metric []"],
    ["typo stays {devce_name}", "typo stays {devce_name}"],
    ["{severity}/{category}/{target}", "major/network/sw1"],
  ];
  for (const [template, title] of cases) assert.equal(renderTitle(template, alert), title, template);
});

test("a missing optional field renders empty", () => {
  assert.equal(renderTitle("[{resource}]", problem({ resource: undefined })), "[]");
});
