import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { testBroker } from "../core/testing.ts";
import { startTestServer, type TestServer } from "./testing-http-server.ts";

let device: TestServer;

before(async () => {
  device = await startTestServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    if (path === "/hang") return; // accepts, never answers
    if (path === "/slow-body") {
      response.writeHead(200, { "content-type": "text/plain" });
      response.write("partial");
      return; // body never ends
    }
    if (path === "/big-declared") return response.writeHead(200, { "content-length": "10000" }).end("x".repeat(10_000));
    if (path === "/big-chunked") {
      response.writeHead(200);
      for (let i = 0; i < 10; i++) response.write("y".repeat(1000));
      return response.end();
    }
    // Within a 4096-byte cap: 3000 control bytes (18,000 characters as JSON), 4096 quotes (8,192).
    if (path === "/control-bytes") return response.end(Buffer.alloc(3000, 0x01));
    if (path === "/quotes") return response.end("\"".repeat(4096));
    response.end("ok");
  });
});
after(() => device.close());

const target = () => ({ id: "dev", name: "Device", host: "127.0.0.1", port: device.port });

test("a hung server fails the call with BROKER_TIMEOUT at the time limit", async () => {
  const kit = testBroker({ targets: [target()], limits: { timeoutMs: 300, maxResponseBytes: 1024, callsPerOperation: 10 } });
  try {
    const started = Date.now();
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/hang" }), { code: "BROKER_TIMEOUT" });
    assert.ok(Date.now() - started < 2000);
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/slow-body" }), { code: "BROKER_TIMEOUT" });
    // A request may ask for less time than the instance limit, never for more.
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/hang", timeoutMs: 50 }), { code: "BROKER_TIMEOUT" });
  } finally {
    await kit.close();
  }
});

test("a body over the cap is cut, declared or streamed", async () => {
  const kit = testBroker({ targets: [target()], limits: { timeoutMs: 3000, maxResponseBytes: 4096, callsPerOperation: 10 } });
  try {
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/big-declared" }), { code: "BROKER_RESPONSE_TOO_LARGE" });
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/big-chunked" }), { code: "BROKER_RESPONSE_TOO_LARGE" });
    assert.equal((await kit.broker.capabilities.http.request("dev", { path: "/small" })).body, "ok");
  } finally {
    await kit.close();
  }
});

test("a body within the byte cap whose JSON form for the sandbox passes twice the cap is refused, saying so; text at the cap passes", async () => {
  const kit = testBroker({ targets: [target()], limits: { timeoutMs: 3000, maxResponseBytes: 4096, callsPerOperation: 10 } });
  try {
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/control-bytes" }), {
      code: "BROKER_RESPONSE_TOO_LARGE",
      message: /\(3000 bytes\) would be 18000 characters once JSON-encoded .* past the 8192-character cap/,
    });
    const quotes = await kit.broker.capabilities.http.request("dev", { path: "/quotes" });
    assert.equal(JSON.stringify(quotes.body).length - 2, 8192, "the worst text doubles, and still fits");
  } finally {
    await kit.close();
  }
});

test("the per-poll call budget refuses the call past the limit until the next poll", async () => {
  const kit = testBroker({ targets: [target()], limits: { timeoutMs: 3000, maxResponseBytes: 4096, callsPerOperation: 2 } });
  const http = kit.broker.capabilities.http;
  try {
    kit.broker.beginOperation();
    await http.request("dev", { path: "/a" });
    await http.request("dev", { path: "/b" });
    const before = device.received.length;
    await assert.rejects(http.request("dev", { path: "/c" }), { code: "BROKER_BUDGET_EXCEEDED" });
    assert.equal(device.received.length, before, "the refused call sent nothing");
    assert.equal(kit.broker.stats().pollCalls, 2);
    kit.broker.beginOperation();
    assert.equal((await http.request("dev", { path: "/d" })).status, 200);
  } finally {
    await kit.close();
  }
});

test("stats count calls, errors and bytes per capability", async () => {
  const kit = testBroker({ targets: [target()], limits: { timeoutMs: 3000, maxResponseBytes: 4096, callsPerOperation: 10 } });
  try {
    await kit.broker.capabilities.http.request("dev", { path: "/x", method: "POST", body: "12345" });
    await assert.rejects(kit.broker.capabilities.http.request("nope", { path: "/x" }));
    const { http } = kit.broker.stats().capabilities;
    assert.equal(http.calls, 2);
    assert.equal(http.errors, 1);
    assert.equal(http.bytesIn, 2);
    assert.ok(http.bytesOut >= 5);
  } finally {
    await kit.close();
  }
});

test("close() destroys the target's pool: its keep-alive connection closes and later calls are refused", async () => {
  const kit = testBroker({ targets: [target()] });
  await kit.broker.capabilities.http.request("dev", { path: "/keep" });
  assert.equal(device.openConnections(), 1, "the pooled connection stays open between calls");
  await kit.close();
  for (let i = 0; i < 50 && device.openConnections() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(device.openConnections(), 0);
  await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/after" }), { code: "BROKER_CLOSED" });
});

test("close() ends an in-flight request with BROKER_CLOSED", async () => {
  const kit = testBroker({ targets: [target()] });
  const pending = kit.broker.capabilities.http.request("dev", { path: "/hang" });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await kit.close();
  await assert.rejects(pending, { code: "BROKER_CLOSED" });
});
