// The real connector against the real PRTG simulator (HTTPS, self-signed) through the real
// capability broker: credentials injected host-side, faults as a PRTG server shows them.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, beforeEach, test } from "node:test";
import type { Ctx, HttpRequest, Logger, PollResult, RawEvent, Target } from "@opsconductor/sdk";
import { createBroker, SqliteConnectorStateStore } from "../../../host/src/broker/index.ts";
import { openDatabase, type Db } from "../../../host/src/store/database.ts";
import { generateSensors, type SimSensor } from "../../../test/sim/prtg/prtg-data.ts";
import { startPrtgSimulator, type PrtgSimulator } from "../../../test/sim/prtg/prtg-simulator.ts";
import { selfSignedCertificate } from "../../../test/sim/tls/self-signed.ts";
import { PrtgConnector } from "./connector.ts";
import { pausedKey } from "./paused.ts";
import { fetchPage } from "./prtg-api.ts";
import {
  decodeIds, encodeIds, MAX_RECHECK_CALLS, PROBLEMS_STATE_BYTES, problemsKey, RECHECK_BATCH, recheckSensors, recover, shareCalls, TARGETS_KEY,
} from "./recovery.ts";

const PASSHASH = "4092817365";
const APITOKEN = "K7PZ2XQ4M8TFAPITOKENXYZ";
const TIMEOUT_MS = 600;

let prtg: PrtgSimulator;
before(async () => {
  prtg = await startPrtgSimulator({ username: "opsbot", passhash: PASSHASH, apitoken: APITOKEN });
});
after(() => prtg.close());
beforeEach(() => {
  prtg.setSensors([]);
  prtg.setFault(null);
  prtg.setRendering({ numbersAsStrings: false, omitRawColumns: false, treesize: "filtered", objidFilter: "applied" });
  prtg.requests.length = 0;
});

function targetOf(sim: { port: number }, id = "prtg-main", name = "PRTG main"): Target {
  return { id, name, host: "127.0.0.1", port: sim.port, scheme: "https", verify_tls: false };
}

interface Instance {
  ctx: Ctx;
  /** A new poll's call budget, as the host starts each poll. */
  beginOperation(): void;
  /** What the connector code passed to ctx.http.request. */
  sent: Array<{ target: string; request: HttpRequest }>;
  warnings: string[];
  /** Bytes of the keys and values the instance's ctx.state holds (its 1 MiB also counts 64 bytes a key). */
  stateBytes(): number;
  close(): Promise<void>;
}

interface InstanceOptions {
  targets?: Target[];
  config?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  /** The database holding ctx.state (kept open), to start the instance again with another config. */
  db?: Db;
  callsPerOperation?: number;
  timeoutMs?: number;
}

/** A connector instance's ctx as the host builds it: non-secret config in, secrets to the broker only. */
function instance(options: InstanceOptions = {}): Instance {
  const db = options.db ?? openDatabase(":memory:");
  const stateStore = new SqliteConnectorStateStore(db);
  const targets = options.targets ?? [targetOf(prtg)];
  const config = options.config ?? { auth_method: "passhash", username: "opsbot", options: {} };
  const warnings: string[] = [];
  const quiet = () => undefined;
  const logger: Logger = { debug: quiet, info: quiet, warn: (message) => warnings.push(message), error: (message) => warnings.push(message) };
  const broker = createBroker({
    instanceId: "prtg-1", addonId: "opsconductor.prtg", permissions: ["http"], targets, config,
    secrets: options.secrets ?? { passhash: PASSHASH },
    stateStore, logger,
    limits: { timeoutMs: options.timeoutMs ?? TIMEOUT_MS, maxResponseBytes: 8 << 20, callsPerOperation: options.callsPerOperation ?? 200 },
  });
  const sent: Instance["sent"] = [];
  const http: Ctx["http"] = {
    request(target, request) {
      sent.push({ target, request: structuredClone(request) });
      return broker.capabilities.http.request(target, request);
    },
  };
  const ctx: Ctx = { ...broker.capabilities, http, config, targets };
  return {
    ctx, sent, warnings, beginOperation: () => broker.beginOperation(), stateBytes: () => stateStore.usage("prtg-1").bytes,
    async close() {
      await broker.close();
      if (!options.db) db.close();
    },
  };
}

async function poll(options: InstanceOptions = {}): Promise<PollResult & { sent: Instance["sent"]; ctx: Ctx }> {
  const { ctx, sent, close } = instance(options);
  try {
    const connector = new PrtgConnector();
    return { ...(await connector.poll(ctx)), sent, ctx };
  } finally {
    await close();
  }
}

function sensor(objid: number, status: number, extra: Partial<SimSensor> = {}): SimSensor {
  return {
    objid, sensor: `Sensor ${objid}`, status_raw: status, message: `state ${status}`, device: "core-sw1", host: "10.20.0.1",
    parentid: 40, group: "Core", probe: "Local Probe", priority: 3, lastcheck: new Date("2026-02-01T10:00:00.000Z"), ...extra,
  };
}

const byResource = (events: RawEvent[]) => Object.fromEntries(events.map((event) => [event.resource, event.alert_type]));

test("each problem state becomes its alert type on resource sensor:<objid>; Up, None, Collecting and paused sensors raise nothing", async () => {
  prtg.setSensors(Array.from({ length: 15 }, (_, status) => sensor(100 + status, status)));
  const result = await poll();
  assert.deepEqual(result.targets, [{ id: "prtg-main", ok: true }]);
  assert.equal(result.snapshot, true);
  assert.deepEqual(byResource(result.events), {
    "sensor:101": "sensor_unknown", "sensor:104": "sensor_warning", "sensor:105": "sensor_down", "sensor:106": "sensor_unknown",
    "sensor:110": "sensor_unusual", "sensor:113": "sensor_down_acknowledged", "sensor:114": "sensor_down_partial",
  });
  const down = result.events.find((event) => event.resource === "sensor:105")!;
  assert.equal(down.device_ip, "10.20.0.1", "the sensor's device, not the PRTG server");
  assert.equal(down.device_name, "core-sw1");
  assert.equal(down.target, "prtg-main");
  assert.equal(down.message, "state 5", "message_raw, not the HTML");
  assert.deepEqual(
    [down.metrics.objid, down.metrics.sensor, down.metrics.status, down.metrics.status_raw, down.metrics.last_check, down.metrics.parent_id],
    [105, "Sensor 105", "Down", 5, "2026-02-01T10:00:00.000Z", 40],
  );
  const [request] = prtg.requests;
  assert.deepEqual(request!.query.content, ["sensors"]);
  assert.deepEqual(request!.query.count, ["500"]);
  assert.deepEqual(request!.query.start, ["0"]);
  assert.deepEqual(request!.query.filter_status, ["1", "4", "5", "6", "10", "13", "14"], "only problem sensors cross the wire");
  assert.match(request!.query.columns![0]!, /objid,.*status.*message/);
});

test("a server that sends numbers as strings and no _raw columns: the same alerts, from the display text", async () => {
  prtg.setSensors([sensor(201, 5), sensor(202, 13), sensor(203, 14), sensor(204, 4), sensor(205, 3), sensor(206, 7)]);
  prtg.setRendering({ numbersAsStrings: true, omitRawColumns: true });
  const result = await poll();
  assert.deepEqual(byResource(result.events), {
    "sensor:201": "sensor_down", "sensor:202": "sensor_down_acknowledged", "sensor:203": "sensor_down_partial", "sensor:204": "sensor_warning",
  });
  const down = result.events.find((event) => event.resource === "sensor:201")!;
  assert.equal(down.metrics.objid, 201, "\"201\" read as a number");
  assert.equal(down.metrics.status_raw, 5, "the code from the text \"Down\"");
  assert.equal(down.message, "state 5", "the HTML message as text");
  prtg.setRendering({ numbersAsStrings: true, omitRawColumns: false });
  assert.deepEqual(byResource((await poll()).events), byResource(result.events), "\"5\" as status_raw");
});

test("a listed sensor whose state cannot be read (a localized status, no status_raw) is sensor_unknown with PRTG's word, and a warning: never dropped", async () => {
  prtg.setSensors([sensor(301, 5, { status_text: "Fehler" }), sensor(302, 4, { status_text: "Warnung" }), sensor(303, 5)]);
  prtg.setRendering({ omitRawColumns: true });
  const { ctx, warnings, close } = instance();
  try {
    const result = await new PrtgConnector().poll(ctx);
    assert.deepEqual(byResource(result.events), { "sensor:301": "sensor_unknown", "sensor:302": "sensor_unknown", "sensor:303": "sensor_down" });
    const fehler = result.events.find((event) => event.resource === "sensor:301")!;
    assert.deepEqual([fehler.metrics.status, fehler.metrics.status_raw], ["Fehler", undefined]);
    assert.deepEqual(warnings, ["sensors in PRTG's problem list with a state this addon cannot read: raised as sensor_unknown"]);
  } finally {
    await close();
  }
});

test("1,200 problem sensors are read in pages of 500 until treesize, each once", async () => {
  prtg.setSensors(generateSensors(1_500, { statusOf: (i) => (i % 5 === 4 ? 3 : 5) }));
  const result = await poll();
  assert.equal(result.events.length, 1_200);
  assert.equal(new Set(result.events.map((event) => event.resource)).size, 1_200);
  assert.deepEqual(prtg.requests.map((r) => [r.query.start![0], r.query.count![0]]), [["0", "500"], ["500", "500"], ["1000", "500"]]);

  // A server whose treesize counts every sensor, not the filtered ones [U]: the short page ends the paging.
  prtg.requests.length = 0;
  prtg.setRendering({ treesize: "all", numbersAsStrings: true });
  assert.equal((await poll()).events.length, 1_200);
  assert.equal(prtg.requests.length, 3);
});

test("the passhash is injected by the broker: the simulator sees it, the connector code never had it", async () => {
  prtg.setSensors([sensor(301, 5)]);
  const result = await poll();
  assert.equal(result.events.length, 1);
  assert.ok(prtg.requests.length > 0 && prtg.requests.every((r) => r.auth === "passhash"));
  assert.deepEqual(prtg.requests[0]!.query.passhash, [PASSHASH]);
  assert.deepEqual(prtg.requests[0]!.query.username, ["opsbot"]);
  assert.deepEqual(result.sent[0]!.request.auth, { type: "query", params: { username: "username", passhash: { secret: "passhash" } } });
  assert.ok(!JSON.stringify([result.sent, result.ctx.config, result.ctx.targets, result.events]).includes(PASSHASH));
});

test("auth_method apitoken sends the API key instead", async () => {
  prtg.setSensors([sensor(302, 4)]);
  const result = await poll({ config: { auth_method: "apitoken", options: {} }, secrets: { apitoken: APITOKEN } });
  assert.deepEqual(result.targets, [{ id: "prtg-main", ok: true }]);
  assert.deepEqual(prtg.requests[0]!.query.apitoken, [APITOKEN]);
  assert.equal(prtg.requests[0]!.query.passhash, undefined);
  assert.ok(!JSON.stringify(result.sent).includes(APITOKEN));
});

test("401 fails that target with PRTG_AUTH_FAILED; another PRTG server in the same instance is still polled", async () => {
  const other = await startPrtgSimulator({ username: "opsbot", passhash: "1111111111" });
  try {
    prtg.setSensors([sensor(401, 5)]);
    other.setSensors([sensor(402, 5)]);
    const result = await poll({ targets: [targetOf(prtg), targetOf(other, "prtg-branch", "PRTG branch")] });
    assert.deepEqual(result.targets[0], { id: "prtg-main", ok: true });
    assert.equal(result.targets[1]!.ok, false);
    assert.equal(result.targets[1]!.code, "PRTG_AUTH_FAILED");
    assert.match(result.targets[1]!.message!, /HTTP 401/);
    assert.deepEqual(result.events.map((event) => event.resource), ["sensor:401"]);
    assert.ok(!result.targets[1]!.message!.includes(PASSHASH), "the error never quotes the secret");
  } finally {
    await other.close();
  }
});

test("a hung server is PRTG_UNREACHABLE within the broker's time limit; a reset connection too", async () => {
  prtg.setFault({ kind: "hang" });
  const started = Date.now();
  const hung = await poll();
  assert.equal(hung.targets[0]!.code, "PRTG_UNREACHABLE");
  assert.ok(Date.now() - started < TIMEOUT_MS + 2_000, `took ${Date.now() - started} ms`);
  assert.deepEqual(hung.events, []);

  prtg.setFault({ kind: "reset" });
  assert.equal((await poll()).targets[0]!.code, "PRTG_UNREACHABLE");
});

test("a malformed or truncated body is PRTG_RESPONSE_INVALID; HTTP 500 is PRTG_HTTP_ERROR; 400 quotes PRTG's <error>", async () => {
  prtg.setSensors([sensor(501, 5)]);
  for (const kind of ["malformed", "truncated"] as const) {
    prtg.setFault({ kind });
    const result = await poll();
    assert.equal(result.targets[0]!.code, "PRTG_RESPONSE_INVALID", kind);
    assert.match(result.targets[0]!.message!, /not JSON/);
  }
  prtg.setFault({ kind: "error" });
  const failed = await poll();
  assert.deepEqual([failed.targets[0]!.code, failed.targets[0]!.message], ["PRTG_HTTP_ERROR", "PRTG answered HTTP 500"]);
  prtg.setFault(null);
  const { ctx, close } = instance();
  try {
    await assert.rejects(fetchPage(ctx, ctx.targets[0]!, { content: "bogus" as "sensors", columns: ["objid"] }, 0, 1),
      { code: "PRTG_HTTP_ERROR", message: "PRTG answered HTTP 400: Unknown content type 'bogus'" });
  } finally {
    await close();
  }
});

test("a page that fails midway fails the target: a partial list is never a snapshot", async () => {
  prtg.setSensors(generateSensors(1_200, { statusOf: () => 5 }));
  prtg.setFault({ kind: "malformed", skip: 1, times: 1 });
  const result = await poll();
  assert.equal(result.targets[0]!.ok, false);
  assert.equal(result.targets[0]!.code, "PRTG_RESPONSE_INVALID");
  assert.deepEqual(result.events, [], "no events from the pages that did arrive");
});

test("a self-signed certificate with verify_tls on is PRTG_TLS_FAILED; pinned with ca it is trusted", async () => {
  prtg.setSensors([sensor(550, 5)]);
  const { verify_tls: _off, ...verifying } = targetOf(prtg);
  const refused = await poll({ targets: [verifying] });
  assert.equal(refused.targets[0]!.code, "PRTG_TLS_FAILED");
  assert.match(refused.targets[0]!.message!, /verify_tls/);
  const pinned = await poll({ targets: [{ ...verifying, ca: selfSignedCertificate().cert }] });
  assert.deepEqual(pinned.targets, [{ id: "prtg-main", ok: true }]);
  assert.equal(pinned.events.length, 1);
});

test("the passhash missing from the instance is PRTG_CREDENTIALS_MISSING", async () => {
  const result = await poll({ secrets: {} });
  assert.equal(result.targets[0]!.code, "PRTG_CREDENTIALS_MISSING");
  assert.equal(prtg.requests.length, 0);
});

test("report_paused: a sensor that becomes paused is one notice, not one per poll", async () => {
  prtg.setSensors([sensor(601, 7), sensor(602, 8), sensor(603, 5), sensor(604, 3)]);
  const { ctx, close } = instance({ config: { auth_method: "passhash", username: "opsbot", options: { report_paused: true } } });
  try {
    const connector = new PrtgConnector();
    const first = await connector.poll(ctx);
    assert.deepEqual(byResource(first.events), { "sensor:603": "sensor_down", "sensor:601": "sensor_paused", "sensor:602": "sensor_paused_by_dependency" });
    assert.deepEqual(prtg.requests[0]!.query.filter_status, ["1", "4", "5", "6", "10", "13", "14", "7", "8", "9", "11", "12"]);
    assert.deepEqual(byResource((await connector.poll(ctx)).events), { "sensor:603": "sensor_down" }, "still paused: no new notice");
    prtg.setStatus(604, 9);
    prtg.setStatus(601, 3);
    assert.deepEqual(byResource((await connector.poll(ctx)).events), { "sensor:603": "sensor_down", "sensor:604": "sensor_paused" });
    prtg.setStatus(601, 12);
    assert.deepEqual(byResource((await connector.poll(ctx)).events), { "sensor:603": "sensor_down", "sensor:601": "sensor_paused" }, "paused again after a resume");
    // A remembered list that is not a list is no memory: the pauses are told again, the poll does not fail.
    await ctx.state.set(pausedKey("prtg-main"), { not: "a list" });
    const afterGarbage = await connector.poll(ctx);
    assert.deepEqual(afterGarbage.targets, [{ id: "prtg-main", ok: true }]);
    assert.deepEqual(byResource(afterGarbage.events), { "sensor:603": "sensor_down", "sensor:601": "sensor_paused", "sensor:602": "sensor_paused_by_dependency", "sensor:604": "sensor_paused" });
  } finally {
    await close();
  }
});

test("syncDevices lists PRTG's devices with their address, group and sensor counters", async () => {
  prtg.setSensors(generateSensors(25));
  const { ctx, close } = instance();
  try {
    const devices = await new PrtgConnector().syncDevices(ctx);
    assert.equal(devices.length, 3);
    assert.deepEqual(devices[0], {
      external_id: "prtg-main:1000", name: "device-0 [Simulated]", ip: "10.0.0.0", site: "Group 0", status: "Down",
      attributes: {
        prtg_target: "prtg-main", objid: 1000, probe: "Local Probe", tags: ["simulated"],
        sensors: { up: 9, down: 1, down_acknowledged: 0, down_partial: 0, warning: 0, paused: 0, unusual: 0, unknown: 0, total: 10 },
      },
    });
    assert.deepEqual(prtg.requests.map((r) => r.query.content![0]), ["devices"]);
    prtg.setFault({ kind: "unauthorized" });
    await assert.rejects(new PrtgConnector().syncDevices(ctx), { code: "PRTG_AUTH_FAILED" });
  } finally {
    await close();
  }
});

test("syncDevices leaves out a device row without an objid (it has no key), and says so", async () => {
  const device = (objid: number) => ({ objid, device: `sw-${objid}`, host: `10.0.0.${objid}`, group: "Core", probe: "Local Probe", status_raw: 3, message: "OK", tags: "" });
  const sim = await startPrtgSimulator({ username: "opsbot", passhash: PASSHASH, devices: [device(1), { ...device(2), withoutObjid: true }, device(3)] });
  const { ctx, warnings, close } = instance({ targets: [targetOf(sim)] });
  try {
    const devices = await new PrtgConnector().syncDevices(ctx);
    assert.deepEqual(devices.map((d) => d.external_id), ["prtg-main:1", "prtg-main:3"]);
    assert.deepEqual(warnings, ["PRTG devices without an objid left out of the inventory"]);
  } finally {
    await close();
    await sim.close();
  }
});

test("testConnection tells bad credentials from an unreachable server", async () => {
  prtg.setSensors(generateSensors(42));
  const connector = new PrtgConnector();
  const good = instance();
  const badAuth = instance({ secrets: { passhash: "999" } });
  const closedPort = await unusedPort();
  const nowhere = instance({ targets: [{ ...targetOf(prtg), port: closedPort }] });
  try {
    const ok = await connector.testConnection(good.ctx);
    assert.equal(ok.ok, true);
    assert.equal(ok.message, "PRTG main: PRTG 24.1.92.1554, 42 sensors");
    const refused = await connector.testConnection(badAuth.ctx);
    assert.deepEqual([refused.ok, refused.code], [false, "PRTG_AUTH_FAILED"]);
    const unreachable = await connector.testConnection(nowhere.ctx);
    assert.deepEqual([unreachable.ok, unreachable.code], [false, "PRTG_UNREACHABLE"]);
    assert.match(unreachable.message, /^PRTG main: PRTG cannot be reached/);
  } finally {
    await Promise.all([good.close(), badAuth.close(), nowhere.close()]);
  }
});

// Up as a clear (recovery.ts): the sensors listed in a problem state are remembered per PRTG
// server in ctx.state; those missing from the next list are rechecked by objid.

/** One instance polled again and again, as the host does: the same ctx.state, a new call budget per poll. */
async function polls(options: InstanceOptions = {}) {
  const inst = instance(options);
  return {
    ...inst,
    /** `ctx` replaces parts of the instance's ctx (its clock). */
    async poll(connector = new PrtgConnector(), ctx: Partial<Ctx> = {}): Promise<PollResult & { requests: typeof prtg.requests; sent: Instance["sent"] }> {
      inst.beginOperation();
      prtg.requests.length = 0;
      inst.sent.length = 0;
      const result = await connector.poll({ ...inst.ctx, ...ctx });
      return { ...result, requests: [...prtg.requests], sent: [...inst.sent] };
    },
    remembered: async (target = "prtg-main") => decodeIds(await inst.ctx.state.get(problemsKey(target))),
  };
}

const rechecks = (requests: PrtgSimulator["requests"]) => requests.filter((r) => r.query.filter_objid !== undefined);

test("a sensor back Up is rechecked by objid at the next poll and sends the clear of its alert (sensor_up, same target and resource)", async () => {
  prtg.setSensors([sensor(105, 5), sensor(106, 4), sensor(107, 3)]);
  const run = await polls();
  try {
    const first = await run.poll();
    assert.deepEqual(byResource(first.events), { "sensor:105": "sensor_down", "sensor:106": "sensor_warning" });
    assert.equal(first.requests.length, 1, "nothing remembered yet: no recheck");
    assert.deepEqual(await run.remembered(), [105, 106]);

    prtg.setStatus(105, 3, "OK");
    const second = await run.poll();
    assert.deepEqual(byResource(second.events), { "sensor:106": "sensor_warning", "sensor:105": "sensor_up" });
    const up = second.events.find((event) => event.resource === "sensor:105")!;
    assert.deepEqual([up.target, up.device_ip, up.device_name, up.message], ["prtg-main", "10.20.0.1", "core-sw1", "OK"]);
    assert.deepEqual([up.metrics.status, up.metrics.status_raw, up.metrics.sensor], ["Up", 3, "Sensor 105"]);
    assert.equal(second.requests.length, 2, "the problem list, then one recheck");
    const [recheck] = rechecks(second.requests);
    assert.deepEqual(recheck!.query.filter_objid, ["105"]);
    assert.equal(recheck!.query.filter_status, undefined, "whatever its state");
    assert.deepEqual(await run.remembered(), [106]);

    const third = await run.poll();
    assert.deepEqual(byResource(third.events), { "sensor:106": "sensor_warning" });
    assert.equal(third.requests.length, 1, "one clear per recovery: the Up sensor is forgotten");
    assert.deepEqual(run.warnings, []);
  } finally {
    await run.close();
  }
});

test("a sensor removed from PRTG is not found by the recheck: no event, its alert is left to absence; it is forgotten", async () => {
  prtg.setSensors([sensor(105, 5), sensor(106, 5)]);
  const run = await polls();
  try {
    await run.poll();
    prtg.remove(105);
    const second = await run.poll();
    assert.deepEqual(byResource(second.events), { "sensor:106": "sensor_down" });
    assert.equal(second.snapshot, true);
    assert.deepEqual(rechecks(second.requests).map((r) => r.query.filter_objid), [["105"]]);
    assert.deepEqual(await run.remembered(), [106]);
    assert.equal((await run.poll()).requests.length, 1);
  } finally {
    await run.close();
  }
});

test("remembered sensors: a state change keeps them listed (no recheck), paused ones are left to absence, the memory survives a new connector object, a failed poll leaves it alone, each server has its own", async () => {
  const other = await startPrtgSimulator({ username: "opsbot", passhash: PASSHASH });
  prtg.setSensors([sensor(201, 4), sensor(202, 5), sensor(203, 13)]);
  other.setSensors([sensor(201, 5)]);
  const run = await polls({ targets: [targetOf(prtg), targetOf(other, "prtg-branch", "PRTG branch")] });
  try {
    await run.poll();
    assert.deepEqual([await run.remembered(), await run.remembered("prtg-branch")], [[201, 202, 203], [201]]);
    const stored = await run.ctx.state.get(problemsKey("prtg-main"));
    assert.equal(stored, "5l,1,1", "ascending base-36 differences");

    prtg.setStatus(201, 5);
    prtg.setStatus(202, 7);
    const changed = await run.poll(new PrtgConnector());
    assert.deepEqual(byResource(changed.events), { "sensor:201": "sensor_down", "sensor:203": "sensor_down_acknowledged" },
      "Warning → Down is a repeat; paused is neither a problem nor a clear; the other server's 201 is its own (deduplicated by target)");
    assert.deepEqual(rechecks(changed.requests).map((r) => r.query.filter_objid), [["202"]]);
    assert.deepEqual(await run.remembered(), [201, 203]);

    prtg.setFault({ kind: "unauthorized" });
    const failed = await run.poll();
    assert.equal(failed.targets[0]!.ok, false);
    assert.deepEqual(await run.remembered(), [201, 203], "a failed poll forgets nothing");
    prtg.setFault(null);

    prtg.setStatus(201, 3);
    other.setStatus(201, 3);
    const recovered = await run.poll(new PrtgConnector());
    assert.deepEqual(recovered.events.filter((e) => e.alert_type === "sensor_up").map((e) => [e.target, e.resource]).sort(),
      [["prtg-branch", "sensor:201"], ["prtg-main", "sensor:201"]]);
    assert.deepEqual([await run.remembered(), await run.remembered("prtg-branch")], [[203], []]);
    assert.equal(await run.ctx.state.get(problemsKey("prtg-branch")), undefined, "nothing to remember: the key goes");
  } finally {
    await run.close();
    await other.close();
  }
});

test("a sensor rechecked in a problem state again (it changed after the list was read) keeps its problem event and stays remembered", async () => {
  prtg.setSensors([sensor(301, 5)]);
  const { ctx, close } = instance();
  try {
    const found = await recheckSensors(ctx, ctx.targets[0]!, [301, 999], "2026-02-01T10:01:00.000Z");
    assert.deepEqual(byResource(found.events), { "sensor:301": "sensor_down" });
    assert.deepEqual(found.problems, [301]);
  } finally {
    await close();
  }
});

test("1,200 problem sensors recover at once: rechecked 200 objids a request, 1,200 clears, one each", async () => {
  prtg.setSensors(generateSensors(1_500, { statusOf: (i) => (i < 1_200 ? 5 : 3) }));
  const run = await polls();
  try {
    assert.equal((await run.poll()).events.length, 1_200);
    assert.equal((await run.remembered()).length, 1_200);
    prtg.setSensors(generateSensors(1_500, { statusOf: () => 3 }));
    const recovered = await run.poll();
    assert.equal(recovered.events.length, 1_200);
    assert.ok(recovered.events.every((event) => event.alert_type === "sensor_up"));
    assert.equal(new Set(recovered.events.map((event) => event.resource)).size, 1_200);
    const sent = rechecks(recovered.requests);
    assert.equal(recovered.requests.length, 1 + 6, "an empty problem list, then 6 rechecks");
    assert.deepEqual(sent.map((r) => r.query.filter_objid!.length), [200, 200, 200, 200, 200, 200]);
    assert.deepEqual(sent.map((r) => r.query.count![0]), ["201", "201", "201", "201", "201", "201"], "one more than asked: a server ignoring the filter shows");
    assert.ok(sent.every((r) => r.status === 200));
    assert.deepEqual(await run.remembered(), []);
    assert.equal((await run.poll()).requests.length, 1);
  } finally {
    await run.close();
  }
});

test(`more than ${MAX_RECHECK_CALLS * RECHECK_BATCH} recoveries: ${MAX_RECHECK_CALLS} rechecks, the rest stay remembered and are rechecked at the next poll, with a warning`, async () => {
  const many = MAX_RECHECK_CALLS * RECHECK_BATCH + 300;
  prtg.setSensors(generateSensors(many, { statusOf: () => 5 }));
  const run = await polls();
  try {
    await run.poll();
    prtg.setSensors(generateSensors(many, { statusOf: () => 3 }));
    const recovered = await run.poll();
    assert.equal(recovered.events.length, MAX_RECHECK_CALLS * RECHECK_BATCH);
    assert.equal(rechecks(recovered.requests).length, MAX_RECHECK_CALLS);
    assert.deepEqual(recovered.targets, [{ id: "prtg-main", ok: true }]);
    assert.ok(run.warnings.some((warning) => /rechecked at the next poll/.test(warning)), run.warnings.join("; "));
    const rest = Array.from({ length: 300 }, (_, i) => 10_000 + MAX_RECHECK_CALLS * RECHECK_BATCH + i);
    assert.deepEqual(await run.remembered(), rest, "the lowest objids go first; the rest wait");
    const next = await run.poll();
    assert.deepEqual(next.events.map((event) => event.resource), rest.map((objid) => `sensor:${objid}`));
    assert.equal(rechecks(next.requests).length, 2);
    assert.deepEqual(await run.remembered(), []);
  } finally {
    await run.close();
  }
});

/** `count` targets on the one simulator, as separate PRTG servers (`prtg-00`, `prtg-01`, …). */
const servers = (count: number) => Array.from({ length: count }, (_, i) => targetOf(prtg, `prtg-${String(i).padStart(2, "0")}`, `PRTG ${i}`));

test(`20 PRTG servers with recoveries share ${MAX_RECHECK_CALLS} recheck requests per poll in turn, within the broker's call budget; the rest wait for the next polls`, async () => {
  const targets = servers(20);
  prtg.setSensors(generateSensors(1_000, { statusOf: () => 5 }));
  // 20 lists of 1,000 sensors: the usual short test timeout could cut one off on a busy machine, leaving
  // that server nothing remembered to recheck (a flake seen in a full run), which is not what this tests.
  const run = await polls({ targets, timeoutMs: 15_000 });
  try {
    const first = await run.poll();
    assert.ok(first.targets.every((outcome) => outcome.ok), JSON.stringify(first.targets));
    prtg.setSensors(generateSensors(1_000, { statusOf: () => 3 }));
    const clears = new Map<string, number>();
    for (let turn = 1; turn <= 5; turn++) {
      const result = await run.poll();
      assert.ok(result.targets.every((outcome) => outcome.ok), JSON.stringify(result.targets));
      const sent = result.sent.filter((s) => s.request.query?.filter_objid !== undefined);
      assert.equal(sent.length, MAX_RECHECK_CALLS, `poll ${turn}: ${MAX_RECHECK_CALLS} rechecks for the whole instance`);
      assert.deepEqual(sent.map((s) => s.target).sort(), targets.map((t) => t.id), `poll ${turn}: one each`);
      for (const event of result.events) clears.set(event.target!, (clears.get(event.target!) ?? 0) + 1);
      assert.deepEqual(await run.remembered("prtg-07"), generateSensors(1_000).slice(turn * 200).map((s) => s.objid));
    }
    assert.deepEqual([...clears.values()], Array(20).fill(1_000), "every recovery cleared once");
    assert.equal(rechecks((await run.poll()).requests).length, 0);
    assert.ok(!run.warnings.some((warning) => /BUDGET|failed/.test(warning)), run.warnings.join("; "));
  } finally {
    await run.close();
  }
});

test("recheck requests take only what the problem lists left of the poll's call budget, shared in turn across servers", async () => {
  assert.deepEqual(shareCalls([5, 0, 1, 30], 10), [5, 0, 1, 4]);
  assert.deepEqual(shareCalls([2, 2], 20), [2, 2]);
  const targets = servers(3);
  prtg.setSensors(generateSensors(3_000, { statusOf: () => 3 }));
  const { ctx, sent, warnings, close } = instance({ targets });
  try {
    const ids = generateSensors(1_000).map((s) => s.objid);
    for (const target of targets) await ctx.state.set(problemsKey(target.id), encodeIds(ids));
    const listed = targets.map((target) => ({ target, listed: new Set<number>(), problems: [] }));
    const events = await recover(ctx, listed, { now: ctx.now(), listCalls: 190, deadlineMs: 48_000 });
    assert.deepEqual(sent.map((s) => s.target).sort(), ["prtg-00", "prtg-00", "prtg-00", "prtg-00", "prtg-01", "prtg-01", "prtg-01", "prtg-02", "prtg-02", "prtg-02"]);
    assert.deepEqual(targets.map((t) => events.get(t.id)!.length), [800, 600, 600]);
    assert.deepEqual(decodeIds(await ctx.state.get(problemsKey("prtg-01"))), ids.slice(600));
    assert.ok(warnings.some((warning) => /rechecked at the next poll/.test(warning)));
  } finally {
    await close();
  }
});

test("rechecks start only in the first half of the poll's deadline: past it, the recoveries stay remembered for the next poll", async () => {
  prtg.setSensors([sensor(105, 5), sensor(106, 5)]);
  const run = await polls({ config: { auth_method: "passhash", username: "opsbot", poll_interval_s: 60, options: {} } });
  try {
    await run.poll();
    prtg.setStatus(105, 3);
    const start = Date.parse("2026-02-01T10:00:00.000Z");
    let calls = 0; // the poll's start, then 24 s later when the recheck would start
    const late = await run.poll(new PrtgConnector(), { now: () => new Date(start + (calls++ === 0 ? 0 : 24_000)).toISOString() });
    assert.deepEqual(byResource(late.events), { "sensor:106": "sensor_down" });
    assert.equal(rechecks(late.requests).length, 0, "60 s interval: the deadline is 48 s, no recheck starts after 24 s");
    assert.deepEqual(await run.remembered(), [105, 106]);
    assert.ok(run.warnings.some((warning) => /rechecked at the next poll/.test(warning)));
    const next = await run.poll();
    assert.deepEqual(byResource(next.events), { "sensor:106": "sensor_down", "sensor:105": "sensor_up" });
    assert.equal(next.sent.find((s) => s.request.query?.filter_objid)!.request.timeoutMs, 14_400, "30 % of the deadline at most");
    assert.deepEqual(await run.remembered(), [106]);
  } finally {
    await run.close();
  }
});

test("20 PRTG servers with long problem lists: each keeps an even share of ctx.state, cut at the highest objids (a warning), the total stays under 1 MiB", async () => {
  const targets = servers(20);
  // Sparse objids: 9 bytes each remembered, 6,000 sensors take 54 KB a server, 1.08 MB for 20.
  const spaced = generateSensors(6_000, { statusOf: () => 5 }).map((s, i) => ({ ...s, objid: 1 + i * 36 ** 7 }));
  prtg.setSensors(spaced);
  const run = await polls({ targets, callsPerOperation: 400, timeoutMs: 15_000 });
  try {
    const first = await run.poll();
    assert.ok(first.targets.every((outcome) => outcome.ok), JSON.stringify(first.targets.find((outcome) => !outcome.ok)));
    assert.equal(first.events.length, 20 * 6_000, "the alerts are all there: only the memory is cut");
    const kept = await Promise.all(targets.map((t) => run.remembered(t.id)));
    const share = Math.floor(PROBLEMS_STATE_BYTES / 20);
    assert.ok(kept[0]!.length > 3_000 && kept[0]!.length < 6_000, String(kept[0]!.length));
    for (const ids of kept) assert.deepEqual(ids, spaced.slice(0, kept[0]!.length).map((s) => s.objid), "every server its lowest objids");
    for (const target of targets) {
      const stored = JSON.stringify(await run.ctx.state.get(problemsKey(target.id)));
      assert.ok(problemsKey(target.id).length + stored.length <= share, `${stored.length} bytes`);
    }
    assert.ok(run.stateBytes() <= PROBLEMS_STATE_BYTES + 1_000, `${run.stateBytes()} bytes`);
    assert.equal(run.warnings.filter((warning) => /share of ctx.state/.test(warning)).length, 20);
    assert.ok(!run.warnings.some((warning) => /not remembered/.test(warning)), run.warnings.join("; "));
  } finally {
    await run.close();
  }
});

test("a PRTG server removed from the config: its problems and paused keys are deleted at the next poll", async () => {
  prtg.setSensors([sensor(105, 5), sensor(106, 7)]);
  const db = openDatabase(":memory:");
  const config = { auth_method: "passhash", username: "opsbot", options: { report_paused: true } };
  const main = targetOf(prtg);
  const branch = targetOf(prtg, "prtg-branch", "PRTG branch");
  try {
    const before = await polls({ targets: [main, branch], config, db });
    await before.poll();
    assert.deepEqual(await before.ctx.state.get(TARGETS_KEY), ["prtg-main", "prtg-branch"]);
    assert.deepEqual(await before.remembered("prtg-branch"), [105]);
    assert.deepEqual(await before.ctx.state.get("paused:prtg-branch"), [106]);
    await before.close();

    const after = await polls({ targets: [main], config, db });
    await after.poll();
    assert.equal(await after.ctx.state.get(problemsKey("prtg-branch")), undefined);
    assert.equal(await after.ctx.state.get("paused:prtg-branch"), undefined);
    assert.deepEqual(await after.ctx.state.get(TARGETS_KEY), ["prtg-main"]);
    assert.deepEqual(await after.remembered(), [105], "the configured server keeps its memory");
    await after.close();
  } finally {
    db.close();
  }
});

test("a recheck that fails, or a server that ignores filter_objid, keeps the snapshot: no clear, a warning, absence resolves", async () => {
  prtg.setSensors([sensor(401, 5), sensor(402, 5)]);
  for (const fault of ["error", "ignored"] as const) {
    const run = await polls();
    try {
      await run.poll();
      prtg.setStatus(401, 3);
      if (fault === "error") prtg.setFault({ kind: "error", skip: 1, times: 1 });
      else prtg.setRendering({ objidFilter: "ignored" });
      const second = await run.poll();
      assert.deepEqual(second.targets, [{ id: "prtg-main", ok: true }], fault);
      assert.deepEqual(byResource(second.events), { "sensor:402": "sensor_down" }, fault);
      assert.match(run.warnings.join("; "), fault === "error" ? /recheck of recovered sensors failed/ : /ignored filter_objid/);
      assert.deepEqual(await run.remembered(), [402], "not rechecked: forgotten, absence takes it");
    } finally {
      await run.close();
      prtg.setStatus(401, 5);
      prtg.setRendering({ objidFilter: "applied" });
    }
  }
});

test("objids are remembered compactly: ascending base-36 differences; anything else reads as none", () => {
  assert.equal(encodeIds([10_029, 10_009, 10_019, 10_009]), "7q1,a,a");
  assert.deepEqual(decodeIds("7q1,a,a"), [10_009, 10_019, 10_029]);
  assert.equal(encodeIds([]), "");
  for (const garbage of [undefined, "", [1, 2], "1,,2", "x y", 42]) assert.deepEqual(decodeIds(garbage), [], String(garbage));
  const ids = generateSensors(10_000).filter((s) => s.status_raw !== 3).map((s) => s.objid);
  assert.deepEqual(decodeIds(encodeIds(ids)), ids);
  assert.ok(encodeIds(ids).length < JSON.stringify(ids).length / 2, "well under the JSON array");
});

/** A loopback port nothing listens on. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
