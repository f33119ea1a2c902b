import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeLabelValue, renderExposition } from "./exposition.ts";
import { parseExposition } from "./testing.ts";

test("families render as HELP, TYPE and one line per sample, ending with a line feed", () => {
  const body = renderExposition([
    { name: "oc_up", help: "Always 1.", type: "gauge", samples: [{ value: 1 }] },
    { name: "oc_polls_total", help: "Polls.", type: "counter", samples: [{ labels: { addon_id: "a", version: "1.0.0" }, value: 42 }, { labels: { addon_id: "b", version: "2" }, value: 0.5 }] },
    { name: "oc_none", help: "Announced without samples.", type: "gauge", samples: [] },
  ]);
  assert.equal(body, [
    "# HELP oc_up Always 1.", "# TYPE oc_up gauge", "oc_up 1",
    "# HELP oc_polls_total Polls.", "# TYPE oc_polls_total counter",
    'oc_polls_total{addon_id="a",version="1.0.0"} 42', 'oc_polls_total{addon_id="b",version="2"} 0.5',
    "# HELP oc_none Announced without samples.", "# TYPE oc_none gauge", "",
  ].join("\n"));
  assert.equal(renderExposition([]), "");
});

test("label values and help text are escaped; a value survives the round trip through a strict reader", () => {
  const nasty = 'say "hi"\\ \nbye} 7';
  assert.equal(escapeLabelValue(nasty), 'say \\"hi\\"\\\\ \\nbye} 7');
  const body = renderExposition([{ name: "oc_x", help: "back\\slash\nnew line", type: "gauge", samples: [{ labels: { id: nasty }, value: 3 }] }]);
  assert.match(body, /^# HELP oc_x back\\\\slash\\nnew line$/m);
  const parsed = parseExposition(body);
  assert.equal(parsed.value("oc_x", { id: nasty }), 3);
  assert.equal(parsed.families.get("oc_x")?.help, "back\\slash\nnew line");
  assert.equal(body.split("\n").length, 4, "no raw line feed leaks into a sample line");
});

test("special values use the format's spellings", () => {
  const body = renderExposition([{ name: "oc_v", help: "v", type: "gauge", samples: [
    { labels: { k: "nan" }, value: Number.NaN }, { labels: { k: "inf" }, value: Infinity }, { labels: { k: "ninf" }, value: -Infinity },
  ] }]);
  assert.match(body, /oc_v\{k="nan"\} NaN\noc_v\{k="inf"\} \+Inf\noc_v\{k="ninf"\} -Inf\n$/);
});

test("a bad metric or label name, or a family named twice, is a bug and throws", () => {
  const family = { help: "h", type: "gauge" as const, samples: [] };
  assert.throws(() => renderExposition([{ ...family, name: "oc-bad" }]), /invalid metric name/);
  assert.throws(() => renderExposition([{ ...family, name: "oc_a" }, { ...family, name: "oc_a" }]), /appears twice/);
  assert.throws(() => renderExposition([{ ...family, name: "oc_a", samples: [{ labels: { "bad-label": "x" }, value: 1 }] }]), /invalid label name/);
  assert.throws(() => renderExposition([{ ...family, name: "oc_a", samples: [{ labels: { __name__: "x" }, value: 1 }] }]), /invalid label name/);
});
