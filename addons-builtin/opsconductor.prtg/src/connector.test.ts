// The real connector against the real PRTG simulator (HTTPS, self-signed) through the real
// capability broker: credentials injected host-side, faults as a PRTG server shows them.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, beforeEach, test } from "node:test";
import type { Ctx, HttpRequest, Logger, PollResult, RawEvent, Target } from "@opsconductor/sdk";
import { createBroker, SqliteConnectorStateStore } from "../../../host/src/broker/index.ts";
import { openDatabase } from "../../../host/src/store/database.ts";
import { generateSensors, type SimSensor } from "../../../test/sim/prtg/prtg-data.ts";
import { startPrtgSimulator, type PrtgSimulator } from "../../../test/sim/prtg/prtg-simulator.ts";
import { selfSignedCertificate } from "../../../test/sim/tls/self-signed.ts";
import { PrtgConnector } from "./connector.ts";
import { fetchPage } from "./prtg-api.ts";
import { decodeIds, encodeIds, MAX_RECHECK_CALLS, problemsKey, RECHECK_BATCH, recheckSensors } from "./recovery.ts";

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
  close(): Promise<void>;
}

/** A connector instance's ctx as the host builds it: non-secret config in, secrets to the broker only. */
function instance(options: { targets?: Target[]; config?: Record<string, unknown>; secrets?: Record<string, unknown> } = {}): Instance {
  const db = openDatabase(":memory:");
  const targets = options.targets ?? [targetOf(prtg)];
  const config = options.config ?? { auth_method: "passhash", username: "opsbot", options: {} };
  const warnings: string[] = [];
  const quiet = () => undefined;
  const logger: Logger = { debug: quiet, info: quiet, warn: (message) => warnings.push(message), error: (message) => warnings.push(message) };
  const broker = createBroker({
    instanceId: "prtg-1", addonId: "opsconductor.prtg", permissions: ["http"], targets, config,
    secrets: options.secrets ?? { passhash: PASSHASH },
    stateStore: new SqliteConnectorStateStore(db), logger,
    limits: { timeoutMs: TIMEOUT_MS, maxResponseBytes: 8 << 20, callsPerOperation: 200 },
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
    ctx, sent, warnings, beginOperation: () => broker.beginOperation(),
    async close() {
      await broker.close();
      db.close();
    },
  };
}

async function poll(options: Parameters<typeof instance>[0] = {}): Promise<PollResult & { sent: Instance["sent"]; ctx: Ctx }> {
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
async function polls(options: Parameters<typeof instance>[0] = {}) {
  const inst = instance(options);
  return {
    ...inst,
    async poll(connector = new PrtgConnector()): Promise<PollResult & { requests: typeof prtg.requests }> {
      inst.beginOperation();
      prtg.requests.length = 0;
      const result = await connector.poll(inst.ctx);
      return { ...result, requests: [...prtg.requests] };
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

test(`more than ${MAX_RECHECK_CALLS * RECHECK_BATCH} recoveries: ${MAX_RECHECK_CALLS} rechecks, the rest left to absence, with a warning`, async () => {
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
    assert.ok(run.warnings.some((warning) => /rest resolve by absence/.test(warning)), run.warnings.join("; "));
    assert.deepEqual(await run.remembered(), []);
  } finally {
    await run.close();
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
