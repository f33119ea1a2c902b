// The README's addon author quick start, for both templates: `oc-addon init ID --category nms|device`
// (the real binary, as sdk/src/cli/cli.test.ts runs it), then test, build, keygen, sign and pack with
// no edit to the generated files; `opsconductor trust add` on a fresh data dir; a real daemon on it;
// the zip installed over POST /addons/install; a connector created from each (with what its
// config_schema requires) and polled against a loopback stand-in: an HTTP NMS, an SNMP agent.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { Readable } from "node:stream";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { startDaemon, type Daemon } from "../../host/src/daemon.ts";
import type { DaemonConfig } from "../../host/src/config/schema.ts";
import { runCli as opsconductor } from "../../host/src/cli/main.ts";
import { startSnmpAgent, type SnmpAgentSimulator } from "../sim/snmp-agent/snmp-agent.ts";
import { apiClient } from "../support/api-client.ts";

const BIN = fileURLToPath(new URL("../../sdk/bin/oc-addon.js", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "oc-quickstart-"));
const config: DaemonConfig = { port: 0, host: "127.0.0.1", dataDir: join(root, "data"), trapPort: 0, dev: false };
const NMS_TOKEN = "not-a-real-token-7f3";
const COMMUNITY = "lab-ro-9c2";
const ADDONS = { nms: "acme.nms", device: "acme.switch" } as const;
type Category = keyof typeof ADDONS;

let daemon: Daemon;
let token: string;
let nms: Server;
let nmsPort: number;
const nmsRequests: Array<{ url: string; authorization: string | undefined }> = [];
let agent: SnmpAgentSimulator;
/** The oc-addon output of each addon's flow, and the zip it packed. */
const built = {} as Record<Category, { dir: string; zip: Buffer; generated: Record<string, string> }>;

interface Run { status: number | null; stdout: string; stderr: string }

/** `node sdk/bin/oc-addon.js ...args` in `cwd`: the real binary, as the SDK's CLI test runs it. */
function oc(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

async function ok(cwd: string, ...args: string[]): Promise<string> {
  const run = await oc(cwd, ...args);
  assert.equal(run.status, 0, `oc-addon ${args.join(" ")}: exit ${run.status}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  return run.stdout;
}

/** Every file under `dir` (relative path → sha256). */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files[relative(dir, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return files;
}

/** The author's whole flow for one template, untouched: init → test → build → keygen → sign → pack. */
async function authorFlow(category: Category): Promise<void> {
  const id = ADDONS[category];
  const dir = join(root, "authors", id);
  assert.match(await ok(join(root, "authors"), "init", id, "--category", category), new RegExp(`created ${id.replace(".", "\\.")}/`));
  const generated = tree(dir);
  for (const file of ["manifest.json", "src/index.ts", "src/connector.ts", "src/normalizer.ts", "seed/mappings.json", "fixtures/example.json"]) {
    assert.ok(generated[file], `${category}: init wrote no ${file}`);
  }
  assert.match(await ok(dir, "test"), /^\d+ passed, 0 failed$/m);
  assert.match(await ok(dir, "build"), new RegExp(`built ${id.replace(".", "\\.")} 0\\.1\\.0 into build/`));
  await ok(dir, "keygen", "--out", "acme");
  await ok(dir, "sign", "--key", "acme.key");
  assert.match(await ok(dir, "pack"), new RegExp(`packed dist/${id.replace(".", "\\.")}-0\\.1\\.0\\.zip`));
  built[category] = { dir, zip: readFileSync(join(dir, "dist", `${id}-0.1.0.zip`)), generated };
}

const api = apiClient(() => daemon.url, () => token);

before(async () => {
  mkdirSync(join(root, "authors"));
  // The two authors work at once (each spawns its own oc-addon processes).
  await Promise.all([authorFlow("nms"), authorFlow("device")]);

  // README step 2: `opsconductor trust add` (in-process) each author's key for acme., then start the daemon on that data dir.
  for (const category of ["nms", "device"] as const) {
    let output = "";
    const io = { stdin: Readable.from([]), stdout: { write: (text: string) => (output += text) }, stderr: { write: (text: string) => (output += text) }, env: {}, cwd: root };
    const status = await opsconductor(["trust", "add", join(built[category].dir, "acme.pub"), "--prefix", "acme.", "--level", "community",
      "--publisher", "Acme", "--data", config.dataDir], io);
    assert.equal(status, 0, output);
    assert.match(output, /^trusted key [0-9a-f]{16} \(Acme\) at level community for acme\.$/m);
  }
  daemon = await startDaemon(config, { log: () => {}, uiDir: null, builtinAddons: null });
  const admin = await daemon.api.services.users.create({ username: "admin", password: "correct horse battery", role: "admin" });
  token = daemon.api.services.tokens.create(admin.id, "quickstart").token;

  // README step 4: the NMS stand-in serving GET /api/alarms (and the template's other calls).
  nms = createServer((req, res) => {
    nmsRequests.push({ url: req.url ?? "", authorization: req.headers.authorization });
    const bodies: Record<string, unknown> = {
      "/api/alarms": { alarms: [{ type: "device_down", device: "core-sw1", ip: "192.0.2.10", raised_at: "2026-01-01T08:00:00Z", text: "Ping timeout" }] },
      "/api/devices": { devices: [{ id: "d1", name: "core-sw1", ip: "192.0.2.10" }] },
      "/api/status": { ok: true },
    };
    const body = bodies[req.url ?? ""];
    res.writeHead(body ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(body ?? { error: "not found" }));
  });
  await new Promise<void>((resolve) => nms.listen(0, "127.0.0.1", resolve));
  nmsPort = (nms.address() as { port: number }).port;
  // What the device template walks: ifDescr and ifOperStatus of the ifTable; ge-0/0/2 is down.
  agent = await startSnmpAgent({
    communities: [COMMUNITY],
    scalars: [{ oid: "1.3.6.1.2.1.1.1", type: "OctetString", value: "Lab switch" }],
    tables: [{
      oid: "1.3.6.1.2.1.2.2",
      columns: [{ number: 1, name: "ifIndex", type: "Integer" }, { number: 2, name: "ifDescr", type: "OctetString" }, { number: 8, name: "ifOperStatus", type: "Integer" }],
      rows: [[1, "ge-0/0/1", 1], [2, "ge-0/0/2", 2]],
    }],
  });
});

after(async () => {
  await daemon?.close();
  await new Promise((resolve) => (nms ? nms.close(resolve) : resolve(undefined)));
  await agent?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Installs the category's zip as packed, creates a connector from it and polls it once. */
async function installAndPoll(category: Category, connectorConfig: Record<string, unknown>) {
  const id = ADDONS[category];
  const { zip, dir, generated } = built[category];
  const installed = await api("POST", "/addons/install", zip);
  assert.equal(installed.status, 201, JSON.stringify(installed.body));
  assert.deepEqual([installed.body.addon.id, installed.body.addon.version, installed.body.addon.status, installed.body.addon.trust_level],
    [id, "0.1.0", "active", "community"]);
  assert.deepEqual(installed.body.warnings, []);

  const schema = (await api("GET", `/addons/${id}/config-schema`)).body;
  assert.deepEqual(Object.keys(connectorConfig).sort(), [...schema.config_schema.required].sort(), "the config gives exactly what the schema requires");
  // A new instance's first scheduled poll comes within a tenth of its interval (6 s at the default 60 s):
  // with a day's interval it does not land among the requests this test counts (it did once in a full run).
  const created = await api("POST", "/connectors", { addon_id: id, name: `Lab ${category}`, config: connectorConfig, poll_interval_s: 86_400 });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.running, true);
  const connectorId = created.body.id as string;

  const tested = await api("POST", `/connectors/${connectorId}/test`);
  assert.equal(tested.body.ok, true, JSON.stringify(tested.body));

  const run = await api("POST", `/connectors/${connectorId}/poll`);
  assert.equal(run.status, 200, JSON.stringify(run.body));
  assert.equal(run.body.status, "ok", JSON.stringify(run.body));
  assert.equal(run.body.trigger, "manual");
  assert.equal(run.body.result.alerts, 1, JSON.stringify(run.body.result));
  const runs = (await api("GET", `/scheduler/runs?job_key=${encodeURIComponent(`connector.poll:${connectorId}`)}`)).body.items;
  assert.deepEqual(runs.map((r: { status: string; trigger: string }) => [r.status, r.trigger]), [["ok", "manual"]], "the job run is recorded");
  assert.equal((await api("GET", `/connectors/${connectorId}`)).body.status, "ok");
  const alerts = (await api("GET", `/alerts?connector_type=${id}`)).body.items;
  assert.equal(alerts.length, 1, JSON.stringify(alerts));

  // As-is: what init wrote is byte for byte what was built, signed and installed.
  const after = tree(dir);
  for (const [file, hash] of Object.entries(generated)) assert.equal(after[file], hash, `${file} changed after init`);
  return alerts[0] as { alert_type: string; severity: string; title: string; device_name: string; resource: string | null; device_ip: string | null };
}

test("oc-addon init --category nms: as generated, it installs over the API and polls an NMS", async () => {
  const alert = await installAndPoll("nms", {
    targets: [{ id: "nms1", host: "127.0.0.1", port: nmsPort, name: "Lab NMS" }], api_token: NMS_TOKEN,
  });
  assert.deepEqual([alert.alert_type, alert.severity, alert.device_name, alert.device_ip], ["device_down", "critical", "core-sw1", "192.0.2.10"]);
  assert.equal(alert.title, "core-sw1 is down", "the seed's title template");
  assert.deepEqual(nmsRequests.map((r) => r.url), ["/api/status", "/api/alarms"]);
  for (const { authorization } of nmsRequests) assert.equal(authorization, `Bearer ${NMS_TOKEN}`, "the broker injected the sensitive api_token");
});

test("oc-addon init --category device: as generated, it installs over the API and polls an SNMP agent", async () => {
  const alert = await installAndPoll("device", {
    targets: [{ id: "sw1", host: "127.0.0.1", port: agent.port, name: "Lab switch" }], community: COMMUNITY,
  });
  assert.deepEqual([alert.alert_type, alert.severity, alert.device_name, alert.resource], ["link_down", "major", "Lab switch", "ifIndex:2"]);
  assert.equal(alert.title, "Lab switch: ge-0/0/2 is down", "the seed's title template, from the walked ifDescr");
});
