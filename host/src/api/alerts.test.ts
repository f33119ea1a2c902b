import { test } from "node:test";
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { addUser, call, createTestApi, login, problem, seedConnector, type Session, type TestApi } from "./test-support.ts";
import { SESSION_COOKIE } from "./guard.ts";
import { cachedStatement } from "../store/statements.ts";

interface Fixture {
  t: TestApi;
  operator: Session;
  viewer: Session;
}

/** 120 alerts: 60 from a PRTG instance (network), 60 from an Axis camera instance (video). */
async function fixture(options: Parameters<typeof createTestApi>[0] = {}): Promise<Fixture> {
  const t = createTestApi(options);
  await addUser(t, "olga", "operator");
  await addUser(t, "victor", "viewer");
  seedConnector(t.db, "prtg-1");
  seedConnector(t.db, "axis-1");
  t.alerts.ingest("prtg-1", Array.from({ length: 60 }, (_, i) => problem(t.clock, {
    connector_type: "prtg", alert_type: "sensor_down", resource: `sensor-${i}`,
    severity: i % 3 === 0 ? "critical" : "warning", category: "network",
    device_ip: `10.0.0.${i % 4}`, device_name: `switch-${i % 4}`, title: `Sensor ${i} down`,
  })));
  t.alerts.ingest("axis-1", Array.from({ length: 60 }, (_, i) => problem(t.clock, {
    connector_type: "axis", alert_type: "camera_offline", resource: `cam-${i}`,
    severity: "major", category: "video", device_ip: `10.1.0.${i}`, device_name: `camera-${i}`,
    title: i === 7 ? "Lobby camera offline" : `Camera ${i} offline`,
  })));
  return { t, operator: await login(t, "olga"), viewer: await login(t, "victor") };
}

test("GET /alerts pages newest first through more than one page with an opaque cursor", async () => {
  const { t, viewer } = await fixture();
  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = cursor ? `?limit=50&cursor=${encodeURIComponent(cursor)}` : "?limit=50";
    const page = await call(t, "GET", `/alerts${query}`, { as: viewer });
    assert.equal(page.status, 200);
    assert.ok(page.body.items.length <= 50);
    seen.push(...page.body.items.map((alert: { id: number }) => alert.id));
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 3);
  assert.equal(seen.length, 120);
  assert.equal(new Set(seen).size, 120, "no alert served twice");
  assert.deepEqual(seen, [...seen].sort((a, b) => b - a), "newest first");
});

test("GET /alerts filters by status, severity, category, connector_type, device and text", async () => {
  const { t, viewer, operator } = await fixture();
  const count = async (query: string) => {
    const answer = await call(t, "GET", `/alerts?limit=500&${query}`, { as: viewer });
    assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`);
    return answer.body.items.length as number;
  };
  assert.equal(await count("severity=critical"), 20);
  assert.equal(await count("severity=critical,major"), 80);
  assert.equal(await count("severity=critical&severity=warning"), 60);
  assert.equal(await count("category=video"), 60);
  assert.equal(await count("connector_type=prtg"), 60);
  assert.equal(await count("connector_type=prtg&severity=critical"), 20);
  assert.equal(await count("device=10.0.0.1"), 15);
  assert.equal(await count("device=SWITCH-2"), 15);
  assert.equal(await count("text=lobby"), 1);

  const [first] = (await call(t, "GET", "/alerts?limit=1", { as: viewer })).body.items;
  await call(t, "POST", `/alerts/${first.id}/acknowledge`, { as: operator });
  assert.equal(await count("status=acknowledged"), 1);
  assert.equal(await count("status=open"), 119);
});

test("invalid filters and cursors are refused with the field named", async () => {
  const { t, viewer } = await fixture();
  const severity = await call(t, "GET", "/alerts?severity=apocalyptic", { as: viewer });
  assert.equal(severity.status, 400);
  assert.equal(severity.body.error.code, "VALIDATION_FAILED");
  assert.match(severity.body.error.message, /\/severity\/0 must be one of/);
  assert.match((await call(t, "GET", "/alerts?limit=0", { as: viewer })).body.error.message, /\/limit/);
  assert.match((await call(t, "GET", "/alerts?colour=red", { as: viewer })).body.error.message, /\/colour is not allowed/);
  const cursor = await call(t, "GET", "/alerts?cursor=garbage", { as: viewer });
  assert.equal(cursor.status, 400);
  assert.equal(cursor.body.error.code, "CURSOR_INVALID");
});

test("GET /alerts/:id returns the alert with its history; acknowledge, unacknowledge and resolve add to it", async () => {
  const { t, viewer, operator } = await fixture();
  const id = (await call(t, "GET", "/alerts?text=lobby", { as: viewer })).body.items[0].id;

  const acked = await call(t, "POST", `/alerts/${id}/acknowledge`, { as: operator, body: { note: "on it" } });
  assert.equal(acked.status, 200);
  assert.equal(acked.body.status, "acknowledged");
  assert.equal(acked.body.acknowledged_by, "user:olga");

  const unacked = await call(t, "POST", `/alerts/${id}/unacknowledge`, { as: operator });
  assert.equal(unacked.body.status, "open");

  const resolved = await call(t, "POST", `/alerts/${id}/resolve`, { as: operator, body: { note: "rebooted" } });
  assert.equal(resolved.status, 200);
  assert.equal(resolved.body.status, "resolved");
  assert.equal(resolved.body.resolution, "manual");

  const detail = await call(t, "GET", `/alerts/${id}`, { as: viewer });
  assert.equal(detail.status, 200);
  assert.equal(detail.body.title, "Lobby camera offline");
  assert.deepEqual(detail.body.history.map((event: { kind: string }) => event.kind), ["created", "acknowledged", "unacknowledged", "resolved"]);
  assert.equal(detail.body.history[1].actor, "user:olga");
  assert.equal(detail.body.history[1].details.note, "on it");

  const again = await call(t, "POST", `/alerts/${id}/resolve`, { as: operator });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, "ALERT_ALREADY_RESOLVED");

  const audit = cachedStatement(t.db, "SELECT action, target FROM audit_log WHERE actor = 'user:olga' AND action LIKE '%/alerts/%' ORDER BY id").all();
  assert.deepEqual(audit, [
    { action: "POST /api/v1/alerts/:id/acknowledge", target: `/api/v1/alerts/${id}/acknowledge` },
    { action: "POST /api/v1/alerts/:id/unacknowledge", target: `/api/v1/alerts/${id}/unacknowledge` },
    { action: "POST /api/v1/alerts/:id/resolve", target: `/api/v1/alerts/${id}/resolve` },
  ]);
});

test("unknown alerts are ALERT_NOT_FOUND, and a note must be a string", async () => {
  const { t, viewer, operator } = await fixture();
  for (const [method, path, as] of [["GET", "/alerts/99999", viewer], ["POST", "/alerts/99999/acknowledge", operator], ["GET", "/alerts/nope", viewer]] as const) {
    const answer = await call(t, method, path, { as });
    assert.equal(answer.status, 404, path);
    assert.equal(answer.body.error.code, "ALERT_NOT_FOUND");
  }
  const note = await call(t, "POST", "/alerts/1/acknowledge", { as: operator, body: { note: 42 } });
  assert.equal(note.status, 400);
  assert.match(note.body.error.message, /\/note must be string/);
});

/** Reads an SSE response until `predicate` matches the text received so far. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, predicate: (text: string) => boolean): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  while (!predicate(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended; received: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

/** The test API served on loopback (a stream needs a real socket), and its alert stream opened as a session. */
async function served(t: TestApi): Promise<{ openStream(session: Session, method?: string): Promise<Response>; close(): Promise<void> }> {
  const server = serve({ fetch: t.api.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    openStream: (session, method = "GET") => fetch(`${base}/api/v1/alerts/stream`, { method, headers: { cookie: `${SESSION_COOKIE}=${session.session}` } }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test("GET /alerts/stream delivers alert changes and heartbeats over real HTTP, and ends cleanly", async () => {
  const { t, viewer, operator } = await fixture({ apiOptions: { sseHeartbeatMs: 50 } });
  const http = await served(t);
  try {
    const response = await http.openStream(viewer);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type")!, /^text\/event-stream/);
    const reader = response.body!.getReader();
    await readUntil(reader, (text) => text.includes(": connected"));
    assert.equal(t.api.openStreams(), 1);

    const id = (await call(t, "GET", "/alerts?limit=1", { as: viewer })).body.items[0].id;
    await call(t, "POST", `/alerts/${id}/acknowledge`, { as: operator });
    const received = await readUntil(reader, (text) => text.includes("event: alert") && text.includes(": heartbeat"));
    const data = /event: alert\ndata: (.*)\n/.exec(received)![1]!;
    assert.deepEqual({ ...JSON.parse(data), at: undefined }, { kind: "acknowledged", alertId: id, at: undefined });

    // The client going away ends the stream and its subscription.
    await reader.cancel();
    for (let i = 0; i < 100 && t.api.openStreams() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(t.api.openStreams(), 0);

    // Shutdown ends the streams still open, so the server can close.
    const second = (await http.openStream(viewer)).body!.getReader();
    await readUntil(second, (text) => text.includes(": connected"));
    t.api.close();
    await assert.rejects(readUntil(second, () => false), /stream ended/);
    assert.equal(t.api.openStreams(), 0);
  } finally {
    await http.close();
  }
});

test("a burst of more changes than a client should fetch one by one reaches it as one resync event; then changes flow again", async () => {
  const { t, viewer, operator } = await fixture({ apiOptions: { alertFeed: { intervalMs: 20, maxPending: 50 } } });
  const http = await served(t);
  try {
    const response = await http.openStream(viewer);
    const reader = response.body!.getReader();
    await readUntil(reader, (text) => text.includes(": connected"));
    t.alerts.ingest("prtg-1", Array.from({ length: 500 }, (_, i) => problem(t.clock, {
      connector_type: "prtg", alert_type: "sensor_down", resource: `burst-${i}`, severity: "major", category: "network",
      device_ip: "10.0.9.1", device_name: "core", title: `Burst ${i}`,
    })));
    const burst = await readUntil(reader, (text) => text.includes("event: resync"));
    assert.equal(burst.includes("event: alert"), false, "no alert events for the burst, the resync stands for them");
    assert.match(/event: resync\ndata: (.*)\n/.exec(burst)![1]!, /"reason":"more than 50 alerts changed/);
    const id = (await call(t, "GET", "/alerts?limit=1", { as: viewer })).body.items[0].id;
    await call(t, "POST", `/alerts/${id}/acknowledge`, { as: operator });
    const after = await readUntil(reader, (text) => text.includes("event: alert"));
    assert.deepEqual({ ...JSON.parse(/event: alert\ndata: (.*)\n/.exec(after)![1]!), at: undefined }, { kind: "acknowledged", alertId: id, at: undefined });
    await reader.cancel();
  } finally {
    t.api.close();
    await http.close();
  }
});

test("alert streams are bounded per user and in all: one more is refused with STREAMS_TOO_MANY before it opens", async () => {
  const { t, viewer, operator } = await fixture({ apiOptions: { streams: { perUser: 2, total: 3 } } });
  const http = await served(t);
  const open = http.openStream;
  const readers: Array<ReadableStreamDefaultReader<Uint8Array>> = [];
  const opened = async (session: Session) => {
    const response = await open(session);
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    await readUntil(reader, (text) => text.includes(": connected"));
    readers.push(reader);
    return reader;
  };
  try {
    const first = await opened(viewer);
    await opened(viewer);
    const third = await open(viewer);
    assert.equal(third.status, 429);
    assert.equal(third.headers.get("retry-after"), "10");
    assert.match(((await third.json()) as any).error.message, /you have 2 open/);
    await opened(operator);
    const overall = await open(operator);
    assert.equal(overall.status, 429, "the total is reached too");
    assert.match(((await overall.json()) as any).error.message, /3 are open/);
    // Closing one gives its place back.
    await first.cancel();
    for (let i = 0; i < 100 && t.api.openStreams() > 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await opened(viewer);
  } finally {
    for (const reader of readers) await reader.cancel().catch(() => {});
    t.api.close();
    await http.close();
  }
});

test("HEAD /alerts/stream answers the headers without taking a stream's place: many HEADs, then a GET still streams", async () => {
  const { t, viewer } = await fixture({ apiOptions: { streams: { perUser: 2, total: 3 } } });
  const http = await served(t);
  try {
    for (let i = 0; i < 10; i++) {
      const head = await http.openStream(viewer, "HEAD");
      assert.equal(head.status, 200);
      assert.match(head.headers.get("content-type")!, /^text\/event-stream/);
    }
    assert.equal(t.api.openStreams(), 0);
    const response = await http.openStream(viewer);
    assert.equal(response.status, 200, "the HEADs held no place");
    const reader = response.body!.getReader();
    await readUntil(reader, (text) => text.includes(": connected"));
    await reader.cancel();
  } finally {
    t.api.close();
    await http.close();
  }
});

test("a stream whose request is aborted before its body is read gives its place back", async () => {
  const { t, viewer } = await fixture({ apiOptions: { streams: { perUser: 1, total: 1 } } });
  const open = (signal?: AbortSignal) => t.api.app.request("http://localhost/api/v1/alerts/stream",
    { headers: { cookie: `${SESSION_COOKIE}=${viewer.session}` }, signal }, { incoming: { socket: { remoteAddress: "127.0.0.1" } } } as never);
  try {
    const client = new AbortController();
    assert.equal((await open(client.signal)).status, 200);
    assert.equal(t.api.openStreams(), 1);
    client.abort();
    for (let i = 0; i < 100 && t.api.openStreams() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(t.api.openStreams(), 0);
    const again = await open();
    assert.equal(again.status, 200, "the place is free again");
    await again.body!.cancel();
  } finally {
    t.api.close();
  }
});

test("the stream needs a login like everything else", async () => {
  const { t } = await fixture();
  const answer = await call(t, "GET", "/alerts/stream");
  assert.equal(answer.status, 401);
});
