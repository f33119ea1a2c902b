// Every route of the API, called by an admin with hostile input — ids that name nothing or are
// not ids, bodies of every wrong shape (not JSON, 50,000 levels deep, wrong types), nonsense
// query parameters — answers with a coded 4xx, never a 5xx, and the daemon keeps serving.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createProbeHarness, request, type Harness } from "../../host/src/addons/test-support/harness.ts";
import { API_PREFIX } from "../../host/src/api/app.ts";

let h: Harness;
let connectorId: string;

before(async () => {
  h = await createProbeHarness();
  const created = await request(h, "POST", "/connectors", { as: "operator", body: {
    addon_id: "acme.probe", name: "Probe", config: { targets: [{ id: "dev1", host: "127.0.0.1", port: 9, name: "Device 1" }], username: "u", password: "p" },
  } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  connectorId = created.body.id;
});
after(() => h.close());

const IDS = ["999999", "not-an-id", "-1", "1e400", "x".repeat(2_000)];
const BODIES = [
  "{not json",
  "[]",
  "null",
  `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`,
  JSON.stringify({
    connector_type: 1, alert_type: [], severity: {}, name: null, config: "x", username: {}, password: 5, role: [], fields: "a",
    window_s: -1, impact: 9, addon_id: {}, enabled: "yes", criticality: [], note: { a: 1 }, targets: "all",
  }),
];
const QUERIES = ["", "?limit=-5&cursor=%25%25&status=zzz&severity=1&since=yesterday"];

test("no route answers hostile input with a 5xx; every refusal carries a stable code", async () => {
  let sent = 0;
  const failures: string[] = [];
  for (const route of h.api.routes) {
    if (route.path.endsWith("/stream")) continue;
    const method = route.method.toUpperCase();
    const pattern = route.path.slice(API_PREFIX.length);
    // A real id only where the request cannot act on it whatever the body: PUT validates first.
    const ids = pattern.includes(":") ? [...IDS, ...(method === "PUT" && pattern.startsWith("/connectors/") ? [connectorId] : [])] : [""];
    for (const id of ids) {
      const path = pattern.replace(/:\w+/g, encodeURIComponent(id));
      for (const query of QUERIES) {
        for (const body of method === "GET" ? [undefined] : BODIES) {
          const answer = await request(h, method, path + query, { body });
          sent++;
          const where = `${method} ${path.slice(0, 60)}${query} body ${String(body).slice(0, 20)}`;
          if (answer.status >= 500) failures.push(`${where}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
          else if (answer.status >= 400 && typeof answer.body?.error?.code !== "string") failures.push(`${where}: ${answer.status} without a code`);
        }
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(sent > 1_000, `only ${sent} requests sent`);
  assert.equal((await request(h, "GET", "/healthz", { as: null })).status, 200);
  const connector = await request(h, "GET", `/connectors/${connectorId}`, { as: "viewer" });
  assert.equal(connector.status, 200, "the connector the garbage PUTs named is still there");
  assert.equal(connector.body.name, "Probe", "and unchanged");
});
