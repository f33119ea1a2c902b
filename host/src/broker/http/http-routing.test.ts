import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { testBroker } from "../core/testing.ts";
import { selfSignedCertificate } from "../../../../test/sim/tls/self-signed.ts";
import { startTestServer, type TestServer } from "./testing-http-server.ts";

let device: TestServer;
let elsewhere: TestServer;
let tlsDevice: TestServer;

before(async () => {
  device = await startTestServer((request, response) => {
    const routes: Record<string, () => void> = {
      "/hello": () => response.end(`hello ${request.method} ${request.headers.host}`),
      "/moved": () => response.writeHead(302, { location: "/hello?from=moved" }).end(),
      "/moved-absolute": () => response.writeHead(301, { location: `http://127.0.0.1:${device.port}/hello` }).end(),
      "/see-other": () => response.writeHead(303, { location: "/hello" }).end(),
      "/to-other-port": () => response.writeHead(302, { location: `http://127.0.0.1:${elsewhere.port}/hello` }).end(),
      "/to-other-host": () => response.writeHead(302, { location: `http://localhost:${device.port}/hello` }).end(),
      "/to-https": () => response.writeHead(302, { location: `https://127.0.0.1:${device.port}/hello` }).end(),
      "/protocol-relative": () => response.writeHead(302, { location: `//evil.example/hello` }).end(),
      "/loop": () => response.writeHead(302, { location: "/loop" }).end(),
    };
    (routes[new URL(request.url ?? "/", "http://x").pathname] ?? (() => response.writeHead(404).end("no")))();
  });
  elsewhere = await startTestServer((_request, response) => response.end("elsewhere"));
  tlsDevice = await startTestServer((_request, response) => response.end("tls ok"), { tls: true });
});

after(async () => {
  await Promise.all([device.close(), elsewhere.close(), tlsDevice.close()]);
});

const deviceTarget = () => ({ id: "dev", name: "Device", host: "127.0.0.1", port: device.port });

test("a request reaches the configured target, Host header and all", async () => {
  const kit = testBroker({ targets: [deviceTarget()] });
  try {
    const response = await kit.broker.capabilities.http.request("dev", { path: "/hello", query: { a: 1, b: ["x", "y"] } });
    assert.equal(response.status, 200);
    assert.equal(response.body, `hello GET 127.0.0.1:${device.port}`);
    assert.equal(device.received.at(-1)!.url, "/hello?a=1&b=x&b=y");
  } finally {
    await kit.close();
  }
});

test("a target that is not the instance's own is refused before any connection", async () => {
  const kit = testBroker({ targets: [deviceTarget()] });
  const before = device.received.length;
  try {
    await assert.rejects(kit.broker.capabilities.http.request("other", { path: "/hello" }), { code: "BROKER_TARGET_UNKNOWN" });
    await assert.rejects(kit.broker.capabilities.http.request("__proto__", { path: "/hello" }), { code: "BROKER_TARGET_UNKNOWN" });
    assert.equal(device.received.length, before);
  } finally {
    await kit.close();
  }
});

test("a path that is not a plain path is refused", async () => {
  const kit = testBroker({ targets: [deviceTarget()] });
  try {
    for (const path of ["http://evil.example/", "//evil.example/x", "/\\evil.example", "hello", "/a b", "/x\r\nHost: evil", "/x#frag", ""]) {
      await assert.rejects(kit.broker.capabilities.http.request("dev", { path }), { code: "BROKER_REQUEST_INVALID" }, path);
    }
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/hello", headers: { Host: "evil.example" } }), { code: "BROKER_REQUEST_INVALID" });
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/hello", method: "CONNECT" }), { code: "BROKER_REQUEST_INVALID" });
  } finally {
    await kit.close();
  }
});

test("same-origin redirects are followed (303 turns into GET); the final answer is returned", async () => {
  const kit = testBroker({ targets: [deviceTarget()] });
  try {
    const relative = await kit.broker.capabilities.http.request("dev", { path: "/moved" });
    assert.equal(relative.status, 200);
    assert.equal(device.received.at(-1)!.url, "/hello?from=moved");
    assert.equal((await kit.broker.capabilities.http.request("dev", { path: "/moved-absolute" })).status, 200);
    const seeOther = await kit.broker.capabilities.http.request("dev", { path: "/see-other", method: "POST", body: "x=1" });
    assert.equal(seeOther.body, `hello GET 127.0.0.1:${device.port}`);
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/loop" }), { code: "BROKER_HTTP_FAILED" });
  } finally {
    await kit.close();
  }
});

test("redirects to another port, host name, scheme or authority are refused, not followed", async () => {
  const kit = testBroker({ targets: [deviceTarget()] });
  const elsewhereBefore = elsewhere.received.length;
  try {
    for (const path of ["/to-other-port", "/to-other-host", "/to-https", "/protocol-relative"]) {
      await assert.rejects(kit.broker.capabilities.http.request("dev", { path }), { code: "BROKER_REDIRECT_REFUSED" }, path);
    }
    assert.equal(elsewhere.received.length, elsewhereBefore);
  } finally {
    await kit.close();
  }
});

test("HTTPS: a self-signed device certificate is refused by default and accepted with verify_tls false", async () => {
  const strict = testBroker({ targets: [{ id: "tls", name: "TLS", host: "127.0.0.1", port: tlsDevice.port, tls: true }] });
  const lenient = testBroker({ targets: [{ id: "tls", name: "TLS", host: "127.0.0.1", port: tlsDevice.port, tls: true, verify_tls: false }] });
  try {
    await assert.rejects(strict.broker.capabilities.http.request("tls", { path: "/" }), { code: "BROKER_TLS_FAILED" });
    const response = await lenient.broker.capabilities.http.request("tls", { path: "/" });
    assert.equal(response.body, "tls ok");
  } finally {
    await Promise.all([strict.close(), lenient.close()]);
  }
});

test("HTTPS: pinning the device's own certificate verifies it (SNI and name check against the configured host)", async () => {
  const { cert } = selfSignedCertificate();
  const pinned = testBroker({ targets: [{ id: "tls", name: "TLS", host: "localhost", port: tlsDevice.port, tls: true, ca: cert }] });
  try {
    assert.equal((await pinned.broker.capabilities.http.request("tls", { path: "/" })).body, "tls ok");
  } finally {
    await pinned.close();
  }
});

test("DNS: the host is connected at its pinned address, and a name resolving elsewhere than the target's address is refused", async () => {
  const pinned = testBroker({ targets: [{ id: "dev", name: "Device", host: "localhost", address: "127.0.0.1", port: device.port }] });
  const mismatch = testBroker({ targets: [{ id: "dev", name: "Device", host: "localhost", address: "127.0.0.2", port: device.port }] });
  try {
    const response = await pinned.broker.capabilities.http.request("dev", { path: "/hello" });
    // Connected to 127.0.0.1 while the Host header keeps the configured name.
    assert.equal(response.body, `hello GET localhost:${device.port}`);
    await assert.rejects(mismatch.broker.capabilities.http.request("dev", { path: "/hello" }), { code: "BROKER_ADDRESS_MISMATCH" });
  } finally {
    await Promise.all([pinned.close(), mismatch.close()]);
  }
});

test("an unreachable target is reported as such", async () => {
  const closed = await startTestServer((_request, response) => response.end());
  const port = closed.port;
  await closed.close();
  const kit = testBroker({ targets: [{ id: "gone", name: "Gone", host: "127.0.0.1", port }] });
  try {
    await assert.rejects(kit.broker.capabilities.http.request("gone", { path: "/" }), { code: "BROKER_UNREACHABLE" });
  } finally {
    await kit.close();
  }
});

test("without the http permission nothing is sent", async () => {
  const kit = testBroker({ targets: [deviceTarget()], permissions: ["snmp"] });
  const before = device.received.length;
  try {
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/hello" }), { code: "BROKER_PERMISSION_DENIED" });
    assert.equal(device.received.length, before);
  } finally {
    await kit.close();
  }
});
