import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { eventsOf, MAX_EVENTS } from "./events.ts";
import { resolvePointer } from "./json-pointer.ts";

const AT = "2026-02-01T12:00:00.000Z";

test("JSON pointers follow RFC 6901: escapes, array indexes, missing steps", () => {
  const document = { "a/b": { "m~n": [10, { x: 1 }] }, list: ["zero"] };
  assert.equal(resolvePointer(document, ""), document);
  assert.equal(resolvePointer(document, "/a~1b/m~0n/0"), 10);
  assert.equal(resolvePointer(document, "/a~1b/m~0n/1/x"), 1);
  assert.equal(resolvePointer(document, "/list/0"), "zero");
  assert.equal(resolvePointer(document, "/list/01"), undefined, "no leading zeros");
  assert.equal(resolvePointer(document, "/nope/deeper"), undefined);
  assert.equal(resolvePointer(document, "no-slash"), undefined);
  assert.equal(resolvePointer({}, "/constructor"), undefined, "only own properties");
});

test("one object with the default field names becomes one raw event", () => {
  const [event] = eventsOf({
    alert_type: "Disk Full!", device_ip: "10.1.2.3", device_name: "nas1", severity: "critical",
    resource: "/vol1", message: "95%", timestamp: "2026-02-01T10:00:00Z",
  }, {}, AT);
  assert.deepEqual(event, {
    alert_type: "disk_full", device_ip: "10.1.2.3", device_name: "nas1", timestamp: "2026-02-01T10:00:00.000Z",
    metrics: { source_severity: "critical" }, resource: "/vol1", message: "95%",
    payload: { alert_type: "Disk Full!", device_ip: "10.1.2.3", device_name: "nas1", severity: "critical", resource: "/vol1", message: "95%", timestamp: "2026-02-01T10:00:00Z" },
  });
});

test("configured pointers, an events array inside the body, defaults and epoch timestamps", () => {
  const body = { alerts: [
    { labels: { alertname: "HighLatency", instance: "10.0.0.7" }, status: "firing", startsAt: 1767225600 },
    { labels: {}, status: "resolved" },
  ] };
  const events = eventsOf(body, {
    events_pointer: "/alerts",
    fields: { alert_type: "/labels/alertname", device_ip: "/labels/instance", severity: "/status", timestamp: "/startsAt" },
    default_alert_type: "prometheus_alert", default_device_name: "prometheus",
  }, AT);
  assert.equal(events.length, 2);
  assert.equal(events[0]!.alert_type, "high_latency", "camel case becomes snake case");
  assert.equal(events[0]!.device_ip, "10.0.0.7");
  assert.equal(events[0]!.device_name, "10.0.0.7", "no name: the IP");
  assert.equal(events[0]!.timestamp, "2026-01-01T00:00:00.000Z", "epoch seconds");
  assert.deepEqual(events[0]!.metrics, { source_severity: "firing" });
  assert.equal(events[1]!.alert_type, "prometheus_alert", "no type: the default");
  assert.equal(events[1]!.device_name, "prometheus");
  assert.equal(events[1]!.timestamp, AT, "no timestamp: when it arrived");
});

/** Asserts that `eventsOf` refuses the delivery (MESSAGE_REJECTED) with a reason matching `reason`. */
function assertRejected(body: unknown, config: Parameters<typeof eventsOf>[1], reason: RegExp): void {
  assert.throws(() => eventsOf(body, config, AT), (error: unknown) => OcError.is(error, "MESSAGE_REJECTED") && reason.test(error.message));
}

test("a delivery of MAX_EVENTS events is taken whole; one more and it is refused whole, never cut short", () => {
  const many = (count: number) => Array.from({ length: count }, (_, i) => ({ alert_type: "x", device_ip: `10.0.0.${i % 250}` }));
  assert.equal(eventsOf(many(MAX_EVENTS), {}, AT).length, MAX_EVENTS);
  assertRejected(many(MAX_EVENTS + 1), {}, new RegExp(`carries ${MAX_EVENTS + 1} events, more than the ${MAX_EVENTS}`));
});

test("a delivery with something other than event objects is refused whole, saying what and where", () => {
  assertRejected([{ alert_type: "a" }, "not an event", { alert_type: "b" }], {}, /^event 1 of the delivery is string, not an object$/);
  assertRejected([{ alert_type: "a" }, null], {}, /^event 1 of the delivery is null/);
  assertRejected("just text", {}, /^the body names string: expected an event object or an array of them$/);
  assertRejected({ alerts: [] }, { events_pointer: "/data" }, /^the events pointer "\/data" names nothing in this delivery$/);
  assertRejected({ alerts: 3 }, { events_pointer: "/alerts" }, /names number/);
  assert.deepEqual(eventsOf({ alerts: [] }, { events_pointer: "/alerts" }, AT), [], "an empty list is no events, not an error");
});
