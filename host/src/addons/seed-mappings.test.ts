// An addon's seed against the admin's mapping edits through the real API: applying the seed again
// is what an upgrade, a rollback and a reinstall do (installer.ts, manager.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { SeedMappings } from "@opsconductor/sdk";
import { addUser, call, createTestApi, login, type Session, type TestApi } from "../api/test-support.ts";
import { iso } from "../util/clock.ts";
import { applySeedMappings, removeSeedMappings } from "./seed-mappings.ts";

const TYPE = "acme.probe";

const v1: SeedMappings = {
  severity: [{ alert_type: "link_down", severity: "major" }, { alert_type: "fan_noise", severity: "info", enabled: false }],
  category: [{ alert_type: "*", category: "network" }, { alert_type: "fan_noise", category: "environment" }],
  alert_types: [{ alert_type: "link_down", title_template: "v1 {device_name}" }, { alert_type: "fan_noise", title_template: "v1 fan" }],
  dedup: { fields: ["connector_id", "device_ip", "alert_type_base"], window_s: 600 },
  priority: [{ impact: "high", urgency: "high", priority: "P1" }, { impact: "high", urgency: "medium", priority: "P2" }],
};
/** The next version: every value changed, so a refresh shows. */
const v2: SeedMappings = {
  severity: [{ alert_type: "link_down", severity: "critical" }, { alert_type: "fan_noise", severity: "minor" }],
  category: [{ alert_type: "*", category: "power" }, { alert_type: "fan_noise", category: "power" }],
  alert_types: [{ alert_type: "link_down", title_template: "v2 {device_name}" }, { alert_type: "fan_noise", title_template: "v2 fan" }],
  dedup: { fields: ["device_ip", "alert_type_base"], window_s: 60 },
  priority: [{ impact: "high", urgency: "high", priority: "P2" }, { impact: "high", urgency: "medium", priority: "P3" }],
};

async function setup(): Promise<{ t: TestApi; admin: Session }> {
  const t = createTestApi();
  await addUser(t, "root", "admin");
  applySeedMappings(t.db, TYPE, v1, iso(t.clock.now()));
  return { t, admin: await login(t, "root") };
}

const upgrade = (t: TestApi, seed: SeedMappings = v2, type = TYPE) => {
  t.clock.advance(60_000);
  applySeedMappings(t.db, type, seed, iso(t.clock.now()));
};

/** The rows of `kind` for the type, by key, without ids and timestamps. */
async function rows(t: TestApi, admin: Session, kind: string, type = TYPE): Promise<Record<string, Record<string, unknown>>> {
  const answer = await call(t, "GET", `/mappings/${kind}?connector_type=${type}`, { as: admin });
  assert.equal(answer.status, 200);
  return Object.fromEntries(answer.body.items.map(({ id, updated_at, ...row }: Record<string, unknown>) =>
    [kind === "priority" ? `${row.impact}/${row.urgency}` : kind === "dedup" ? "" : row.alert_type, row]));
}

async function remove(t: TestApi, admin: Session, kind: string, key: (row: Record<string, unknown>) => boolean): Promise<void> {
  const items = (await call(t, "GET", `/mappings/${kind}?connector_type=${TYPE}`, { as: admin })).body.items as Record<string, unknown>[];
  const row = items.find(key);
  assert.ok(row, `a seeded ${kind} row to delete`);
  const deleted = await call(t, "DELETE", `/mappings/${kind}/${row.id}`, { as: admin });
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
}

const tombstones = (t: TestApi) => t.db.prepare(
  "SELECT table_name, connector_type, natural_key, deleted_by FROM mapping_tombstones ORDER BY table_name, natural_key").all();

test("a seeded row an admin deleted is not re-created by an upgrade, in each table; the other seed rows still refresh", async () => {
  const { t, admin } = await setup();
  await remove(t, admin, "severity", (row) => row.alert_type === "fan_noise");
  await remove(t, admin, "category", (row) => row.alert_type === "*");
  await remove(t, admin, "alert-types", (row) => row.alert_type === "fan_noise");
  await remove(t, admin, "dedup", () => true);
  await remove(t, admin, "priority", (row) => row.impact === "high" && row.urgency === "medium");
  assert.deepEqual(tombstones(t), [
    { table_name: "alert_type_templates", connector_type: TYPE, natural_key: "fan_noise", deleted_by: "user:root" },
    { table_name: "category_mappings", connector_type: TYPE, natural_key: "*", deleted_by: "user:root" },
    { table_name: "deduplication_rules", connector_type: TYPE, natural_key: "", deleted_by: "user:root" },
    { table_name: "priority_rules", connector_type: TYPE, natural_key: '["high","medium"]', deleted_by: "user:root" },
    { table_name: "severity_mappings", connector_type: TYPE, natural_key: "fan_noise", deleted_by: "user:root" },
  ]);

  upgrade(t);
  assert.deepEqual(Object.keys(await rows(t, admin, "severity")), ["link_down"]);
  assert.deepEqual((await rows(t, admin, "severity")).link_down!.severity, "critical", "refreshed to v2");
  assert.deepEqual(await rows(t, admin, "category"), { fan_noise: { connector_type: TYPE, alert_type: "fan_noise", category: "power", origin: "seed" } });
  assert.deepEqual(Object.keys(await rows(t, admin, "alert-types")), ["link_down"]);
  assert.equal((await rows(t, admin, "alert-types")).link_down!.title_template, "v2 {device_name}");
  assert.deepEqual(await rows(t, admin, "dedup"), {});
  assert.deepEqual(await rows(t, admin, "priority"), { "high/high": { connector_type: TYPE, impact: "high", urgency: "high", priority: "P2", origin: "seed" } });

  // Tombstones belong to one connector type: another addon's identical seed is applied whole.
  upgrade(t, v2, "acme.other");
  assert.deepEqual(Object.keys(await rows(t, admin, "severity", "acme.other")), ["fan_noise", "link_down"]);
  assert.equal(Object.keys(await rows(t, admin, "dedup", "acme.other")).length, 1);
  assert.equal(Object.keys(await rows(t, admin, "priority", "acme.other")).length, 2);
});

test("an admin re-creating a deleted key clears its tombstone, and the row stays the admin's through upgrades", async () => {
  const { t, admin } = await setup();
  await remove(t, admin, "severity", (row) => row.alert_type === "fan_noise");
  await remove(t, admin, "priority", (row) => row.impact === "high" && row.urgency === "high");
  assert.equal(tombstones(t).length, 2);

  const severity = await call(t, "POST", "/mappings/severity", { as: admin, body: { connector_type: TYPE, alert_type: "fan_noise", severity: "warning" } });
  assert.equal(severity.status, 201, JSON.stringify(severity.body));
  const priority = await call(t, "POST", "/mappings/priority", { as: admin, body: { connector_type: TYPE, impact: "high", urgency: "high", priority: "P3" } });
  assert.equal(priority.status, 201, JSON.stringify(priority.body));
  assert.deepEqual(tombstones(t), []);

  upgrade(t);
  assert.deepEqual([(await rows(t, admin, "severity")).fan_noise!.severity, (await rows(t, admin, "severity")).fan_noise!.origin], ["warning", "admin"]);
  assert.deepEqual((await rows(t, admin, "priority"))["high/high"], { connector_type: TYPE, impact: "high", urgency: "high", priority: "P3", origin: "admin" });

  // Deleted again, it stays deleted.
  const deleted = await call(t, "DELETE", `/mappings/severity/${severity.body.id}`, { as: admin });
  assert.equal(deleted.status, 200);
  upgrade(t);
  assert.deepEqual(Object.keys(await rows(t, admin, "severity")), ["link_down"]);
});

test("renaming a seeded row's key with PUT removes the old key as a deletion would", async () => {
  const { t, admin } = await setup();
  const row = (await rows(t, admin, "severity")).fan_noise!;
  const id = (await call(t, "GET", `/mappings/severity?connector_type=${TYPE}`, { as: admin })).body.items
    .find((item: { alert_type: string }) => item.alert_type === "fan_noise").id;
  const renamed = await call(t, "PUT", `/mappings/severity/${id}`, { as: admin, body: { connector_type: TYPE, alert_type: "fan_whine", severity: row.severity } });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  upgrade(t);
  assert.deepEqual(Object.keys(await rows(t, admin, "severity")), ["fan_whine", "link_down"]);

  // And renaming it back gives the key back to the admin, and tombstones the other.
  const back = await call(t, "PUT", `/mappings/severity/${id}`, { as: admin, body: { connector_type: TYPE, alert_type: "fan_noise", severity: "warning" } });
  assert.equal(back.status, 200);
  assert.deepEqual(tombstones(t), [{ table_name: "severity_mappings", connector_type: TYPE, natural_key: "fan_whine", deleted_by: "user:root" }]);
  upgrade(t);
  assert.deepEqual((await rows(t, admin, "severity")).fan_noise, {
    connector_type: TYPE, alert_type: "fan_noise", severity: "warning", enabled: true, is_clear: null, clears: null, origin: "admin",
  });
});

test("uninstall keeps the tombstones: a reinstall does not bring a deleted row back either", async () => {
  const { t, admin } = await setup();
  await remove(t, admin, "severity", (row) => row.alert_type === "fan_noise");
  removeSeedMappings(t.db, TYPE);
  assert.deepEqual(await rows(t, admin, "severity"), {});
  upgrade(t, v1);
  assert.deepEqual(Object.keys(await rows(t, admin, "severity")), ["link_down"]);
  assert.equal(tombstones(t).length, 1);
});

test("the default dedup rule cannot be deleted, so it leaves no tombstone", async () => {
  const { t, admin } = await setup();
  const fallback = (await rows(t, admin, "dedup", "*"))[""]!;
  const id = (await call(t, "GET", "/mappings/dedup?connector_type=*", { as: admin })).body.items[0].id;
  assert.equal(fallback.origin, "seed");
  assert.equal((await call(t, "DELETE", `/mappings/dedup/${id}`, { as: admin })).status, 409);
  assert.deepEqual(tombstones(t), []);
});
