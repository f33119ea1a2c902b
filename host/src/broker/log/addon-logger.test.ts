import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../util/clock.ts";
import { testBroker } from "../core/testing.ts";

test("ctx.log lines are tagged with the instance, and secrets are redacted from message and fields", () => {
  const kit = testBroker({ targets: [], secrets: { password: "hunter2-long-secret" } });
  kit.broker.capabilities.log.info("logging in with hunter2-long-secret", { attempt: 1, nested: { pw: "x hunter2-long-secret y" } });
  const [line] = kit.logger.lines;
  assert.equal(line!.message, "logging in with ***");
  assert.deepEqual(line!.fields, { attempt: 1, nested: { pw: "x *** y" }, source: "addon", instanceId: "conn-1", addonId: "test.addon" });
  void kit.close();
});

test("ctx.log is rate-limited per minute; dropped lines are counted and reported once", () => {
  const clock = new ManualClock();
  const kit = testBroker({ targets: [], clock, limits: { timeoutMs: 1000, maxResponseBytes: 1000, callsPerOperation: 1, logLinesPerMinute: 3 } });
  const { log } = kit.broker.capabilities;
  for (let i = 0; i < 10; i++) log.warn(`line ${i}`);
  assert.deepEqual(kit.logger.lines.map((l) => l.message), ["line 0", "line 1", "line 2"]);
  clock.advance(60_000);
  log.info("next minute");
  assert.equal(kit.logger.lines[3]!.message, "addon log lines dropped by the rate limit");
  assert.equal(kit.logger.lines[3]!.fields!.dropped, 7);
  assert.equal(kit.logger.lines[4]!.message, "next minute");
  assert.equal(kit.broker.stats().capabilities.log.errors, 7);
  void kit.close();
});

test("oversized messages and fields are truncated, unserializable fields replaced", () => {
  const kit = testBroker({ targets: [] });
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  kit.broker.capabilities.log.error("m".repeat(5000), circular);
  kit.broker.capabilities.log.debug("big", { blob: "b".repeat(20_000) });
  assert.ok(kit.logger.lines[0]!.message.length < 2100);
  assert.equal(kit.logger.lines[0]!.fields!.fields, "[not serializable]");
  assert.match(String(kit.logger.lines[1]!.fields!.fields), /over the 8000 limit/);
  void kit.close();
});
