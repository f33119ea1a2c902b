import { test } from "node:test";
import assert from "node:assert/strict";
import { cachedStatement } from "../store/statements.ts";
import { addUser, call, createTestApi, login, type Session, type TestApi } from "./test-support.ts";

interface Case {
  kind: string;
  table: string;
  create: Record<string, unknown>;
  update: Record<string, unknown>;
  /** A body with one bad field, and the field the error must name. */
  invalid: [Record<string, unknown>, RegExp];
}

const CASES: Case[] = [
  {
    kind: "severity", table: "severity_mappings",
    create: { connector_type: "prtg", alert_type: "sensor_down", severity: "critical" },
    update: { connector_type: "prtg", alert_type: "sensor_down", severity: "minor", enabled: false, is_clear: false, clears: null },
    invalid: [{ connector_type: "prtg", alert_type: "sensor_down", severity: "catastrophic" }, /\/severity must be one of critical, major/],
  },
  {
    kind: "category", table: "category_mappings",
    create: { connector_type: "axis", alert_type: "*", category: "video" },
    update: { connector_type: "axis", alert_type: "*", category: "security" },
    invalid: [{ connector_type: "axis", category: "video" }, /\/alert_type is required/],
  },
  {
    kind: "priority", table: "priority_rules",
    create: { connector_type: "prtg", impact: "high", urgency: "high", priority: "P1" },
    update: { connector_type: "prtg", impact: "high", urgency: "high", priority: "P2" },
    invalid: [{ impact: "huge", urgency: "high", priority: "P1" }, /\/impact must be one of high, medium, low/],
  },
  {
    kind: "alert-types", table: "alert_type_templates",
    create: { connector_type: "eaton", alert_type: "on_battery", title_template: "{device_name} is on battery" },
    update: { connector_type: "eaton", alert_type: "on_battery", title_template: "{device_name}: on battery", urgency: "high", description: "mains lost" },
    invalid: [{ connector_type: "eaton", alert_type: "on_battery", title_template: "" }, /\/title_template must NOT have fewer than 1 characters/],
  },
  {
    kind: "dedup", table: "deduplication_rules",
    create: { connector_type: "siklu", fields: ["connector_id", "device_ip", "alert_type_base"], window_s: 600 },
    update: { connector_type: "siklu", fields: ["device_ip", "alert_type_base", "metrics.radio"], window_s: 0 },
    invalid: [{ connector_type: "siklu", fields: ["device_ip", "favourite_colour"], window_s: 600 }, /\/fields\/1 must match pattern/],
  },
];

async function setup(): Promise<{ t: TestApi; admin: Session; viewer: Session }> {
  const t = createTestApi();
  await addUser(t, "root", "admin");
  await addUser(t, "victor", "viewer");
  return { t, admin: await login(t, "root"), viewer: await login(t, "victor") };
}

for (const c of CASES) {
  test(`mappings/${c.kind}: create, read, replace, delete; writes are origin=admin and notify`, async () => {
    const { t, admin, viewer } = await setup();
    const created = await call(t, "POST", `/mappings/${c.kind}`, { as: admin, body: c.create });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.origin, "admin");
    assert.equal(typeof created.body.id, "number");
    assert.equal(t.mappingChanges.count, 1);

    const listed = await call(t, "GET", `/mappings/${c.kind}?connector_type=${c.create.connector_type}`, { as: viewer });
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.items, [created.body]);
    assert.deepEqual((await call(t, "GET", `/mappings/${c.kind}/${created.body.id}`, { as: viewer })).body, created.body);

    const replaced = await call(t, "PUT", `/mappings/${c.kind}/${created.body.id}`, { as: admin, body: c.update });
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    for (const [field, value] of Object.entries(c.update)) {
      if (field !== "fields") assert.deepEqual(replaced.body[field], value, field);
    }
    if (c.kind === "dedup") assert.deepEqual(replaced.body.fields, c.update.fields);
    assert.equal(t.mappingChanges.count, 2);

    const deleted = await call(t, "DELETE", `/mappings/${c.kind}/${created.body.id}`, { as: admin });
    assert.equal(deleted.status, 200);
    assert.equal(t.mappingChanges.count, 3);
    const gone = await call(t, "GET", `/mappings/${c.kind}/${created.body.id}`, { as: viewer });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, "MAPPING_NOT_FOUND");
  });

  test(`mappings/${c.kind}: an invalid body is VALIDATION_FAILED naming the field, and changes nothing`, async () => {
    const { t, admin } = await setup();
    const before = cachedStatement(t.db, `SELECT count(*) AS n FROM ${c.table}`).get();
    const [body, message] = c.invalid;
    const answer = await call(t, "POST", `/mappings/${c.kind}`, { as: admin, body });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, "VALIDATION_FAILED");
    assert.match(answer.body.error.message, message);
    assert.deepEqual(cachedStatement(t.db, `SELECT count(*) AS n FROM ${c.table}`).get(), before);
    assert.equal(t.mappingChanges.count, 0);
  });
}

test("a second row with the same key is MAPPING_EXISTS; a missing id is MAPPING_NOT_FOUND", async () => {
  const { t, admin } = await setup();
  const body = { connector_type: "prtg", alert_type: "sensor_down", severity: "major" };
  const first = await call(t, "POST", "/mappings/severity", { as: admin, body });
  assert.equal(first.status, 201);
  const duplicate = await call(t, "POST", "/mappings/severity", { as: admin, body: { ...body, severity: "minor" } });
  assert.equal(duplicate.status, 409);
  assert.equal(duplicate.body.error.code, "MAPPING_EXISTS");
  assert.match(duplicate.body.error.message, new RegExp(`already exists \\(id ${first.body.id}\\)$`), "it names the row to edit instead");
  assert.deepEqual(duplicate.body.error.details, { id: first.body.id });
  const missing = await call(t, "PUT", "/mappings/severity/4242", { as: admin, body });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, "MAPPING_NOT_FOUND");
});

test("seeded rows are listed; editing one makes it origin=admin; the default dedup rule cannot be deleted or moved", async () => {
  const { t, admin, viewer } = await setup();
  const rules = (await call(t, "GET", "/mappings/dedup", { as: viewer })).body.items;
  const fallback = rules.find((rule: { connector_type: string }) => rule.connector_type === "*");
  assert.equal(fallback.origin, "seed");
  assert.ok(Array.isArray(fallback.fields));
  assert.equal((await call(t, "GET", "/mappings/priority", { as: viewer })).body.items.length, 9);

  const edited = await call(t, "PUT", `/mappings/dedup/${fallback.id}`, { as: admin, body: { connector_type: "*", fields: fallback.fields, window_s: 3600 } });
  assert.equal(edited.body.origin, "admin");
  assert.equal(edited.body.window_s, 3600);
  const refused = await call(t, "DELETE", `/mappings/dedup/${fallback.id}`, { as: admin });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, "CONFLICT");
  const moved = await call(t, "PUT", `/mappings/dedup/${fallback.id}`, { as: admin, body: { connector_type: "acme.other", fields: fallback.fields, window_s: 60 } });
  assert.equal(moved.status, 409, "nor can it be moved to another connector type");
  assert.equal(moved.body.error.code, "CONFLICT");
  const kept = (await call(t, "GET", `/mappings/dedup/${fallback.id}`, { as: viewer })).body;
  assert.deepEqual([kept.connector_type, kept.window_s], ["*", 3600], "the refused PUT changed nothing");
});

test("a row as GET answers it, changed, PUTs back: read-only fields are ignored, the rest kept; another row's id is refused", async () => {
  const { t, admin, viewer } = await setup();
  const created = await call(t, "POST", "/mappings/severity", { as: admin, body: {
    connector_type: "acme.ups", alert_type: "on_utility", severity: "clear", is_clear: true, clears: "on_battery", enabled: true,
  } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const row = (await call(t, "GET", `/mappings/severity/${created.body.id}`, { as: viewer })).body;
  assert.deepEqual(Object.keys(row).sort(), ["alert_type", "clears", "connector_type", "enabled", "id", "is_clear", "origin", "severity", "updated_at"]);

  const edited = await call(t, "PUT", `/mappings/severity/${row.id}`, { as: admin, body: { ...row, severity: "info" } });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  assert.deepEqual([edited.body.severity, edited.body.is_clear, edited.body.clears, edited.body.enabled], ["info", true, "on_battery", true], "the pairing kept");

  const other = await call(t, "PUT", `/mappings/severity/${row.id}`, { as: admin, body: { ...row, id: row.id + 1000 } });
  assert.equal(other.status, 400);
  assert.equal(other.body.error.code, "VALIDATION_FAILED");
  assert.match(other.body.error.message, /is not the row's/);
});

test("a mapping write is audited", async () => {
  const { t, admin } = await setup();
  await call(t, "POST", "/mappings/category", { as: admin, body: { connector_type: "axis", alert_type: "tamper", category: "security" } });
  const row = cachedStatement(t.db, "SELECT actor, action, details_json FROM audit_log WHERE action LIKE '%mappings%'").get() as Record<string, string>;
  assert.equal(row.actor, "user:root");
  assert.equal(row.action, "POST /api/v1/mappings/category");
  assert.equal(JSON.parse(row.details_json!).kind, "category");
});
