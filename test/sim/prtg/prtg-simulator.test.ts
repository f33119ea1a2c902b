import assert from "node:assert/strict";
import { request as httpsRequest } from "node:https";
import { after, before, beforeEach, test } from "node:test";
import { generateSensors, oleDate, STATUS_TEXT } from "./prtg-data.ts";
import { startPrtgSimulator, type PrtgSimulator } from "./prtg-simulator.ts";

// What the simulator answers on the wire, seen by a bare HTTPS client that accepts its self-signed certificate.
let prtg: PrtgSimulator;
const AUTH = "username=prtgadmin&passhash=1234567890";

before(async () => {
  prtg = await startPrtgSimulator({ apitoken: "TOKEN-123" });
});
after(() => prtg.close());
beforeEach(() => {
  prtg.setSensors(generateSensors(1_200));
  prtg.setFault(null);
  prtg.setRendering({ numbersAsStrings: false, omitRawColumns: false, treesize: "filtered", objidFilter: "applied" });
  prtg.requests.length = 0;
});

interface Answer {
  status: number;
  type: string;
  body: string;
}

function get(path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: "127.0.0.1", port: prtg.port, path, rejectUnauthorized: false, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

async function table(query: string): Promise<{ "prtg-version": string; treesize: unknown; sensors?: Array<Record<string, unknown>>; devices?: Array<Record<string, unknown>> }> {
  const answer = await get(`/api/table.json?${query}&${AUTH}`);
  assert.equal(answer.status, 200, answer.body);
  assert.match(answer.type, /application\/json/);
  return JSON.parse(answer.body);
}

test("sensors page at 500 by default; start/count page further; treesize is the total", async () => {
  const first = await table("content=sensors&columns=objid,sensor,status");
  assert.equal(first.treesize, 1_200);
  assert.equal(first.sensors!.length, 500, "PRTG's default page size");
  assert.match(first["prtg-version"], /^\d+\.\d+/);
  const last = await table("content=sensors&columns=objid&start=1000&count=500");
  assert.equal(last.sensors!.length, 200);
  assert.equal(last.sensors![0]!.objid, 11_000);
  const seen = new Set<unknown>();
  for (let start = 0; start < 1_200; start += 300) {
    for (const row of (await table(`content=sensors&columns=objid&start=${start}&count=300`)).sensors!) seen.add(row.objid);
  }
  assert.equal(seen.size, 1_200, "pages neither overlap nor skip");
});

test("columns bring their _raw twins; message is HTML and message_raw plain; dates are OLE days", async () => {
  const { sensors } = await table("content=sensors&columns=objid,device,host,sensor,status,message,lastvalue,lastcheck,priority,parentid&count=10");
  const down = sensors!.find((row) => row.status_raw === 5)!;
  assert.equal(down.status, "Down");
  assert.equal(down.message_raw, "Simulated Down (code 5)");
  assert.equal(down.message, '<div class="status">Simulated Down (code 5)<div class="moreicon"></div></div>');
  assert.equal(down.lastcheck_raw, oleDate(new Date("2026-01-01T00:00:00.000Z")));
  assert.equal(oleDate(new Date("1899-12-30T00:00:00.000Z")), 0);
  assert.equal(typeof down.lastvalue_raw, "number");
  assert.equal(down.parentid, 1_000);
  assert.deepEqual(Object.keys(sensors![0]!).sort(), [
    "device", "host", "lastcheck", "lastcheck_raw", "lastvalue", "lastvalue_raw", "message", "message_raw", "objid", "parentid",
    "priority", "priority_raw", "sensor", "status", "status_raw",
  ]);
});

test("numbers as strings, and a server without _raw columns", async () => {
  prtg.setRendering({ numbersAsStrings: true });
  const strings = await table("content=sensors&columns=objid,status&count=2");
  assert.equal(strings.treesize, "1200");
  assert.deepEqual(strings.sensors![0], { objid: "10000", status: "Up", status_raw: "3" });
  prtg.setRendering({ numbersAsStrings: false, omitRawColumns: true });
  const bare = await table("content=sensors&columns=objid,status,status_raw&count=1");
  assert.deepEqual(bare.sensors![0], { objid: 10_000, status: "Up" });
});

test("filter_status is repeatable with OR semantics; treesize counts the matches (or everything, when so configured)", async () => {
  const problems = await table("content=sensors&columns=objid,status&filter_status=5&filter_status=4&count=2000");
  const expected = generateSensors(1_200).filter((s) => s.status_raw === 5 || s.status_raw === 4).length;
  assert.equal(problems.sensors!.length, expected);
  assert.ok(problems.sensors!.every((row) => row.status_raw === 5 || row.status_raw === 4));
  assert.equal(problems.treesize, expected);
  prtg.setRendering({ treesize: "all" });
  assert.equal((await table("content=sensors&columns=objid&filter_status=5&count=1")).treesize, 1_200);
});

test("filter_objid is repeatable (OR) and combines with filter_status (AND); unknown ids match nothing; it can be ignored", async () => {
  const ids = [10_000, 10_009, 10_019, 99_999];
  const picked = await table(`content=sensors&columns=objid,status&${ids.map((id) => `filter_objid=${id}`).join("&")}`);
  assert.deepEqual(picked.sensors!.map((row) => [row.objid, row.status_raw]), [[10_000, 3], [10_009, 5], [10_019, 5]]);
  assert.equal(picked.treesize, 3);
  const down = await table("content=sensors&columns=objid&filter_objid=10000&filter_objid=0000010009&filter_status=5");
  assert.deepEqual(down.sensors!.map((row) => row.objid), [10_009], "zero-padded ids too");
  assert.deepEqual((await table("content=sensors&columns=objid&filter_objid=99999")).sensors, []);
  prtg.setRendering({ objidFilter: "ignored" });
  assert.equal((await table("content=sensors&columns=objid&filter_objid=10000&count=50")).sensors!.length, 50);
});

test("state changes between polls: setStatus, remove, setSensors", async () => {
  prtg.setSensors(generateSensors(3, { statusOf: () => 3 }));
  prtg.setStatus(10_001, 5, "Connection refused");
  prtg.remove(10_002);
  const { sensors } = await table("content=sensors&columns=objid,status,message");
  assert.deepEqual(sensors!.map((row) => [row.objid, row.status]), [[10_000, "Up"], [10_001, "Down"]]);
  assert.equal(sensors![1]!.message_raw, "Connection refused");
  assert.equal(STATUS_TEXT[13], "Down (Acknowledged)");
});

test("devices come with their sensor counters", async () => {
  const { devices, treesize } = await table("content=devices&columns=objid,device,host,status,tags,upsens,downsens,totalsens");
  assert.equal(treesize, 120);
  const first = devices![0]!;
  assert.equal(first.objid, 1_000);
  assert.equal(first.host, "10.0.0.0");
  assert.equal(first.totalsens_raw, 10);
  assert.equal(first.downsens_raw, 1, "sensor 9 of device 0 is down");
  assert.equal(first.status, "Down");
});

test("auth: passhash, password or apitoken; anything else is 401 with an XML error", async () => {
  assert.equal((await get("/api/table.json?content=sensors&username=prtgadmin&password=prtgpassword&count=1")).status, 200);
  assert.equal((await get("/api/table.json?content=sensors&apitoken=TOKEN-123&count=1")).status, 200);
  for (const query of ["username=prtgadmin&passhash=999", "username=other&passhash=1234567890", "apitoken=wrong", ""]) {
    const refused = await get(`/api/table.json?content=sensors&${query}`);
    assert.equal(refused.status, 401, query);
    assert.match(refused.body, /<error>Unauthorized<\/error>/);
  }
  assert.deepEqual(prtg.requests.map((r) => r.auth), ["password", "apitoken", "refused", "refused", "refused", "refused"]);
  assert.deepEqual(prtg.requests[0]!.query.username, ["prtgadmin"]);
  const bad = await get(`/api/table.json?content=nonsense&${AUTH}`);
  assert.equal(bad.status, 400);
  assert.match(bad.body, /<error>Unknown content type 'nonsense'<\/error>/);
});

test("getpasshash.htm answers digits only, or 401", async () => {
  const ok = await get("/api/getpasshash.htm?username=prtgadmin&password=prtgpassword");
  assert.equal(ok.status, 200);
  assert.match(ok.body, /^[0-9]+$/);
  assert.equal((await get("/api/getpasshash.htm?username=prtgadmin&password=nope")).status, 401);
});

test("faults: 401, 500, malformed and truncated bodies, each for the requests it names", async () => {
  prtg.setFault({ kind: "unauthorized", times: 1 });
  assert.equal((await get(`/api/table.json?content=sensors&${AUTH}`)).status, 401);
  assert.equal((await get(`/api/table.json?content=sensors&count=1&${AUTH}`)).status, 200, "times: 1");
  prtg.setFault({ kind: "error", skip: 1, times: 1 });
  assert.equal((await get(`/api/table.json?content=sensors&count=1&${AUTH}`)).status, 200, "skip: 1");
  assert.equal((await get(`/api/table.json?content=sensors&count=1&${AUTH}`)).status, 500);
  prtg.setFault({ kind: "malformed" });
  const malformed = await get(`/api/table.json?content=sensors&${AUTH}`);
  assert.equal(malformed.status, 200);
  assert.throws(() => JSON.parse(malformed.body), SyntaxError);
  prtg.setFault({ kind: "truncated" });
  const truncated = await get(`/api/table.json?content=sensors&${AUTH}`);
  assert.equal(truncated.status, 200);
  assert.ok(truncated.body.startsWith('{"prtg-version"'));
  assert.throws(() => JSON.parse(truncated.body), SyntaxError);
});

test("faults: slow answers late, reset drops the connection, hang never answers", async () => {
  prtg.setFault({ kind: "slow", ms: 150 });
  const started = Date.now();
  assert.equal((await get(`/api/table.json?content=sensors&count=1&${AUTH}`)).status, 200);
  assert.ok(Date.now() - started >= 140);
  prtg.setFault({ kind: "reset" });
  await assert.rejects(get(`/api/table.json?content=sensors&${AUTH}`), /socket hang up|ECONNRESET/);
  prtg.setFault({ kind: "hang" });
  const hung = get(`/api/table.json?content=sensors&${AUTH}`);
  const outcome = await Promise.race([hung.then(() => "answered", () => "failed"), new Promise((resolve) => setTimeout(resolve, 300, "pending"))]);
  assert.equal(outcome, "pending");
  assert.equal(prtg.requests.at(-1)!.status, 0);
  hung.catch(() => undefined);
});

test("the generator: deterministic, every state represented, 10,000 sensors cheaply", () => {
  const sensors = generateSensors(10_000);
  assert.equal(sensors.length, 10_000);
  assert.deepEqual(generateSensors(50), generateSensors(50));
  const statuses = new Set(sensors.map((s) => s.status_raw));
  for (const status of [1, 3, 4, 5, 7, 8, 10, 13, 14]) assert.ok(statuses.has(status), `status ${status}`);
  assert.equal(new Set(sensors.map((s) => s.objid)).size, 10_000);
});
