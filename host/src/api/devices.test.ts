import { test } from "node:test";
import assert from "node:assert/strict";
import { cachedStatement } from "../store/statements.ts";
import { addUser, call, createTestApi, login, seedConnector, type Session, type TestApi } from "./test-support.ts";

/** 30 devices: 20 switches at "hq" from prtg-1, 10 cameras at "depot" from axis-1; every 5th is high criticality. */
async function setup(): Promise<{ t: TestApi; operator: Session; viewer: Session }> {
  const t = createTestApi();
  seedConnector(t.db, "prtg-1");
  seedConnector(t.db, "axis-1");
  const insert = cachedStatement(t.db, `INSERT INTO devices
    (connector_id, external_id, name, ip, type, vendor, model, site, status, criticality, attributes_json, first_seen_at, last_seen_at)
    VALUES (@connector_id, @external_id, @name, @ip, @type, @vendor, @model, @site, 'up', @criticality, @attributes, @at, @at)`);
  for (let i = 0; i < 30; i++) {
    const camera = i >= 20;
    insert.run({
      connector_id: camera ? "axis-1" : "prtg-1", external_id: String(i), name: `${camera ? "cam" : "sw"}-${String(i).padStart(2, "0")}`,
      ip: `10.0.${camera ? 1 : 0}.${i}`, type: camera ? "camera" : "switch", vendor: camera ? "Axis" : "Cisco",
      model: camera ? "P3265" : "C9300", site: camera ? "depot" : "hq", criticality: i % 5 === 0 ? "high" : "medium",
      attributes: JSON.stringify({ rack: i }), at: "2026-03-01T00:00:00.000Z",
    });
  }
  await addUser(t, "olga", "operator");
  await addUser(t, "victor", "viewer");
  return { t, operator: await login(t, "olga"), viewer: await login(t, "victor") };
}

test("GET /devices pages by name with a cursor", async () => {
  const { t, viewer } = await setup();
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/devices?limit=12${cursor ? `&cursor=${cursor}` : ""}`;
    const page = await call(t, "GET", query, { as: viewer });
    assert.equal(page.status, 200);
    names.push(...page.body.items.map((device: { name: string }) => device.name));
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.equal(names.length, 30);
  assert.deepEqual(names, [...names].sort());
});

test("GET /devices filters by connector, site, type, vendor, criticality and text", async () => {
  const { t, viewer } = await setup();
  const count = async (query: string) => (await call(t, "GET", `/devices?limit=500&${query}`, { as: viewer })).body.items.length;
  assert.equal(await count("connector_id=axis-1"), 10);
  assert.equal(await count("site=hq"), 20);
  assert.equal(await count("type=camera&vendor=Axis"), 10);
  assert.equal(await count("criticality=high"), 6);
  assert.equal(await count("criticality=high,low&site=depot"), 2);
  assert.equal(await count("text=sw-1"), 10);
  assert.equal(await count("text=10.0.1."), 10);
  assert.equal(await count("text=100%25"), 0, "LIKE wildcards in the text are literal");
});

test("GET /devices/:id returns one device; unknown ids are DEVICE_NOT_FOUND", async () => {
  const { t, viewer } = await setup();
  const device = await call(t, "GET", "/devices/3", { as: viewer });
  assert.equal(device.status, 200);
  assert.equal(device.body.name, "sw-02");
  assert.deepEqual(device.body.attributes, { rack: 2 });
  const missing = await call(t, "GET", "/devices/999", { as: viewer });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, "DEVICE_NOT_FOUND");
});

test("PUT /devices/:id sets the criticality (operator) and nothing else", async () => {
  const { t, operator } = await setup();
  const updated = await call(t, "PUT", "/devices/2", { as: operator, body: { criticality: "low" } });
  assert.equal(updated.status, 200);
  assert.equal(updated.body.criticality, "low");
  const renamed = await call(t, "PUT", "/devices/2", { as: operator, body: { criticality: "high", name: "evil" } });
  assert.equal(renamed.status, 400);
  assert.match(renamed.body.error.message, /\/name is not allowed/);
  const invalid = await call(t, "PUT", "/devices/2", { as: operator, body: { criticality: "extreme" } });
  assert.match(invalid.body.error.message, /\/criticality must be one of high, medium, low/);
  assert.equal((await call(t, "PUT", "/devices/999", { as: operator, body: { criticality: "low" } })).body.error.code, "DEVICE_NOT_FOUND");
});
