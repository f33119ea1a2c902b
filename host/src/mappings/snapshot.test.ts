import { test } from "node:test";
import assert from "node:assert/strict";
import { openDatabase, type Db } from "../store/database.ts";
import { FALLBACK_DEDUP_RULE, loadConnectorMappings, loadMappingSnapshot, MappingCache } from "./snapshot.ts";

const AT = "2026-01-01T00:00:00.000Z";

function seeded(): Db {
  const db = openDatabase(":memory:");
  db.exec(`
    INSERT INTO severity_mappings (connector_type, alert_type, severity, enabled, is_clear, clears, updated_at) VALUES
      ('*', 'cold_start', 'info', 1, NULL, NULL, '${AT}'),
      ('*', 'sensor_down', 'minor', 1, NULL, NULL, '${AT}'),
      ('prtg', 'sensor_down', 'critical', 1, NULL, NULL, '${AT}'),
      ('prtg', 'sensor_paused', 'info', 0, NULL, NULL, '${AT}'),
      ('prtg', 'power_restored', 'clear', 1, 1, 'on_battery', '${AT}'),
      ('other', 'sensor_down', 'warning', 1, NULL, NULL, '${AT}');
    INSERT INTO category_mappings (connector_type, alert_type, category, updated_at) VALUES
      ('prtg', '*', 'network', '${AT}'), ('prtg', 'on_battery', 'power', '${AT}'), ('*', 'door_open', 'security', '${AT}');
    INSERT INTO alert_type_templates (connector_type, alert_type, title_template, urgency, updated_at) VALUES
      ('*', 'link_down', '{device_name}: link {resource} down', NULL, '${AT}'),
      ('prtg', 'link_down', 'PRTG {device_name}: {resource}', 'high', '${AT}');
    INSERT INTO priority_rules (connector_type, impact, urgency, priority, updated_at) VALUES ('prtg', 'low', 'low', 'P4', '${AT}');
    INSERT INTO deduplication_rules (connector_type, fields_json, window_s, updated_at) VALUES ('prtg', '["device_ip","alert_type_base"]', 600, '${AT}');
  `);
  return db;
}

test("the snapshot merges '*' rows with the type's rows, which win", () => {
  const db = seeded();
  assert.deepEqual(loadMappingSnapshot(db, "prtg"), {
    connector_type: "prtg",
    severity: {
      cold_start: { severity: "info" },
      sensor_down: { severity: "critical" },
      sensor_paused: { severity: "info", enabled: false },
      power_restored: { severity: "clear", clear: true, clears: "on_battery" },
    },
    category: { on_battery: "power", door_open: "security" },
    default_category: "network",
  });
  assert.equal(loadMappingSnapshot(db, "unknown").severity.sensor_down?.severity, "minor");
});

test("dedup rule, templates and priority matrix: type rows over '*' rows", () => {
  const db = seeded();
  const prtg = loadConnectorMappings(db, "prtg");
  assert.deepEqual(prtg.dedup, { connectorType: "prtg", fields: ["device_ip", "alert_type_base"], windowS: 600 });
  assert.equal(prtg.templates.get("link_down")?.titleTemplate, "PRTG {device_name}: {resource}");
  assert.equal(prtg.templates.get("link_down")?.urgency, "high");
  assert.equal(prtg.priorities.get("low/low"), "P4");
  assert.equal(prtg.priorities.get("high/high"), "P1");
  const other = loadConnectorMappings(db, "other");
  assert.equal(other.dedup.connectorType, "*");
  assert.equal(other.dedup.windowS, 86_400);
  assert.equal(other.templates.get("link_down")?.titleTemplate, "{device_name}: link {resource} down");
  assert.equal(other.priorities.get("low/low"), "P5");
});

test("a deleted or broken dedup rule falls back to the default key", () => {
  const db = seeded();
  db.exec(`DELETE FROM deduplication_rules; INSERT INTO deduplication_rules (connector_type, fields_json, window_s, updated_at)
    VALUES ('broken', 'not json', 60, '${AT}')`);
  assert.deepEqual(loadConnectorMappings(db, "prtg").dedup, FALLBACK_DEDUP_RULE);
  assert.deepEqual(loadConnectorMappings(db, "broken").dedup.fields, FALLBACK_DEDUP_RULE.fields);
});

test("the cache serves the same rows until invalidated", () => {
  const db = seeded();
  const cache = new MappingCache(db);
  const first = cache.get("prtg");
  assert.equal(cache.get("prtg"), first);
  db.exec(`UPDATE severity_mappings SET severity = 'major' WHERE connector_type = 'prtg' AND alert_type = 'sensor_down'`);
  assert.equal(cache.snapshot("prtg").severity.sensor_down?.severity, "critical");
  cache.invalidate();
  assert.equal(cache.snapshot("prtg").severity.sensor_down?.severity, "major");
});
