import assert from "node:assert/strict";
import { test } from "node:test";
import { openDatabase, type Db } from "../store/database.ts";
import { DeviceInventory } from "./device-inventory.ts";

function addDevice(db: Db, externalId: string, ip: string | null, name: string, criticality: string): void {
  db.prepare(`INSERT INTO devices (external_id, name, ip, criticality, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, 'x', 'x')`)
    .run(externalId, name, ip, criticality);
}

const plain = (map: Map<string, unknown>) => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));

// Held whole (the default for a small inventory) and read by IP (an inventory above wholeMax): the same answers.
for (const [mode, wholeMax] of [["held whole", undefined], ["read by IP", 0]] as const) {
  test(`device inventory ${mode}: the most critical record of each IP, and a change to the table is seen at once`, () => {
    const db = openDatabase(":memory:");
    addDevice(db, "a", "192.0.2.1", "sw1-low", "low");
    addDevice(db, "b", "192.0.2.1", "sw1-high", "high");
    addDevice(db, "c", "192.0.2.2", "sw2", "medium");
    addDevice(db, "d", null, "no-ip", "high");
    const inventory = new DeviceInventory(db, { wholeMax });
    const ips = ["192.0.2.1", "192.0.2.2", "192.0.2.9"];
    const expected = {
      "192.0.2.1": { name: "sw1-high", criticality: "high" },
      "192.0.2.2": { name: "sw2", criticality: "medium" },
    };
    assert.deepEqual(plain(inventory.byIp(ips)), expected);
    assert.deepEqual(plain(inventory.byIp(ips)), expected, "answered again from memory");
    assert.deepEqual(plain(inventory.byIp([])), {});

    addDevice(db, "e", "192.0.2.9", "sw9", "low");
    db.prepare("UPDATE devices SET criticality = 'low' WHERE external_id = 'b'").run();
    db.prepare("DELETE FROM devices WHERE external_id = 'c'").run();
    assert.deepEqual(plain(inventory.byIp(ips)), {
      "192.0.2.1": { name: "sw1-low", criticality: "low" },
      "192.0.2.9": { name: "sw9", criticality: "low" },
    }, "an added IP is found, a re-rated one re-decided, a deleted one gone");
  });
}

test("device inventory: an inventory that grows past wholeMax is read by IP from then on", () => {
  const db = openDatabase(":memory:");
  const inventory = new DeviceInventory(db, { wholeMax: 2 });
  addDevice(db, "a", "192.0.2.1", "sw1", "low");
  assert.deepEqual(plain(inventory.byIp(["192.0.2.1", "192.0.2.2"])), { "192.0.2.1": { name: "sw1", criticality: "low" } });
  for (let i = 2; i <= 5; i++) addDevice(db, `d${i}`, `192.0.2.${i}`, `sw${i}`, "medium");
  assert.deepEqual(Object.keys(plain(inventory.byIp(["192.0.2.2", "192.0.2.5", "192.0.2.7"]))), ["192.0.2.2", "192.0.2.5"]);
});
