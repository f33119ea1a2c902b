import { test } from "node:test";
import assert from "node:assert/strict";
import { eventsOf, problemKey, type Observation } from "./observations.ts";

const target = { id: "fw1", host: "192.0.2.1", name: "fw1" };
const at = "2026-01-01T00:00:00.000Z";
const outside = (active: boolean): Observation =>
  ({ problem: "interface_down", clear: "interface_up", resource: "outside", active, metrics: {}, message: "" });

test("an active observation is a problem event every poll and is remembered", () => {
  const { events, active } = eventsOf(target, [outside(true)], [], at);
  assert.deepEqual(events.map((e) => [e.alert_type, e.resource, e.target]), [["interface_down", "outside", "fw1"]]);
  assert.deepEqual(active, [problemKey(outside(true))]);
});

test("a problem that turns healthy sends one clear; a never-wrong one sends nothing", () => {
  const cleared = eventsOf(target, [outside(false)], [problemKey(outside(true))], at);
  assert.deepEqual(cleared.events.map((e) => e.alert_type), ["interface_up"]);
  assert.deepEqual(cleared.active, []);
  assert.deepEqual(eventsOf(target, [outside(false)], [], at).events, []);
});

test("an unknown observation keeps what it was: a problem of the last poll is sent again and stays remembered; otherwise nothing, and never a clear", () => {
  const unread: Observation = { ...outside(false), unknown: true, message: "status not read" };
  const kept = eventsOf(target, [unread], [problemKey(unread)], at);
  assert.deepEqual(kept.events.map((e) => [e.alert_type, e.message]), [["interface_down", "status not read"]]);
  assert.deepEqual(kept.active, [problemKey(unread)]);
  const quiet = eventsOf(target, [{ ...unread, active: true }], [], at);
  assert.deepEqual([quiet.events, quiet.active], [[], []], "not a problem before: not one now, whatever `active` says");
});
