import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { after, before, test } from "node:test";
import { testBroker, type TestBroker } from "../core/testing.ts";
import { startTestServer, type TestServer } from "./testing-http-server.ts";

const USERNAME = "opsbot";
const PASSWORD = "S3cret-P@ss word!";
const TOKEN = "tok_9f8e7d6c5b4a";
const PASSHASH = "1234567890";

/** Everything a caller got back from a request, as one string to search for secrets. */
const visible = (value: unknown) => JSON.stringify(value);

// ---- A Digest server written from RFC 7616 directly (not with the broker's digest module). ----
interface DigestServerOptions { algorithms: Array<"MD5" | "SHA-256">; maxUsesPerNonce: number }
const digestStats = { challenges: 0, staleChallenges: 0, accepted: [] as Array<{ nc: string; nonce: string; algorithm: string }> };

function digestHandler(options: DigestServerOptions) {
  const realm = "AXIS_ACCC8E000000";
  const nonces = new Map<string, { lastNc: number; uses: number }>();
  const hashOf = (algorithm: string) => (text: string) => createHash(algorithm === "SHA-256" ? "sha256" : "md5").update(text).digest("hex");
  const challenge = (response: ServerResponse, stale: boolean) => {
    const nonce = randomBytes(12).toString("base64");
    nonces.set(nonce, { lastNc: 0, uses: 0 });
    digestStats.challenges += 1;
    if (stale) digestStats.staleChallenges += 1;
    response.writeHead(401, {
      "www-authenticate": options.algorithms.map((algorithm) =>
        `Digest realm="${realm}", nonce="${nonce}", algorithm=${algorithm}, qop="auth"${stale ? ", stale=true" : ""}`),
    }).end("unauthorized");
  };
  return (request: IncomingMessage, response: ServerResponse) => {
    const header = request.headers.authorization ?? "";
    if (!header.startsWith("Digest ")) return challenge(response, false);
    const params = Object.fromEntries([...header.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1], m[2] ?? m[3]]));
    const state = nonces.get(params.nonce ?? "");
    if (!state) return challenge(response, true);
    const hash = hashOf(params.algorithm ?? "MD5");
    const ha1 = hash(`${USERNAME}:${realm}:${PASSWORD}`);
    const expected = hash(`${ha1}:${params.nonce}:${params.nc}:${params.cnonce}:auth:${hash(`${request.method}:${params.uri}`)}`);
    const nc = parseInt(params.nc ?? "0", 16);
    if (params.username !== USERNAME || params.response !== expected || params.uri !== request.url || nc <= state.lastNc) {
      return challenge(response, false);
    }
    state.lastNc = nc;
    state.uses += 1;
    if (state.uses > options.maxUsesPerNonce) {
      nonces.delete(params.nonce!);
      return challenge(response, true);
    }
    digestStats.accepted.push({ nc: params.nc!, nonce: params.nonce!, algorithm: params.algorithm ?? "MD5" });
    response.end(`welcome via ${params.algorithm}`);
  };
}

let device: TestServer;
let sha256Device: TestServer;

before(async () => {
  const md5Digest = digestHandler({ algorithms: ["MD5"], maxUsesPerNonce: 2 });
  device = await startTestServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    if (url.pathname === "/basic") {
      const expected = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64")}`;
      return request.headers.authorization === expected
        ? response.end(`basic ok; you sent ${request.headers.authorization}`)
        : response.writeHead(401, { "www-authenticate": 'Basic realm="x"' }).end();
    }
    if (url.pathname === "/bearer") {
      return request.headers.authorization === `Bearer ${TOKEN}` ? response.end("bearer ok") : response.writeHead(401).end();
    }
    if (url.pathname === "/api/table.json") {
      // Like PRTG's error pages, this echoes the request line, credentials included.
      const ok = url.searchParams.get("username") === USERNAME && url.searchParams.get("passhash") === PASSHASH;
      return response.writeHead(ok ? 200 : 401, { "x-echo": request.url ?? "" }).end(JSON.stringify({ ok, echo: request.url }));
    }
    if (url.pathname.startsWith("/axis-cgi/")) return md5Digest(request, response);
    response.writeHead(404).end();
  });
  sha256Device = await startTestServer(digestHandler({ algorithms: ["SHA-256", "MD5"], maxUsesPerNonce: 100 }));
});

after(async () => {
  await Promise.all([device.close(), sha256Device.close()]);
});

function brokerFor(server: TestServer, extra: Partial<Parameters<typeof testBroker>[0]> = {}): TestBroker {
  return testBroker({
    targets: [{ id: "dev", name: "Device", host: "127.0.0.1", port: server.port }],
    config: { username: USERNAME },
    secrets: { password: PASSWORD, token: TOKEN, passhash: PASSHASH },
    ...extra,
  });
}

function assertNoSecrets(kit: TestBroker, ...returned: unknown[]) {
  for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), TOKEN, PASSHASH, Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64")]) {
    for (const value of returned) assert.ok(!visible(value).includes(secret), `secret leaked to the caller: ${visible(value)}`);
    assert.ok(!kit.logger.text().includes(secret), "secret leaked to the log");
  }
}

test("basic: the password is injected from the secrets; the echoed credential is redacted", async () => {
  const kit = brokerFor(device);
  try {
    const response = await kit.broker.capabilities.http.request("dev", {
      path: "/basic", auth: { type: "basic", username: "username", password: { secret: "password" } },
    });
    assert.equal(response.status, 200);
    assert.match(response.body, /^basic ok; you sent Basic \*\*\*$/);
    assert.equal(device.received.at(-1)!.headers.authorization, `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64")}`);
    assertNoSecrets(kit, response);
  } finally {
    await kit.close();
  }
});

test("bearer: the token reaches the server and never comes back", async () => {
  const kit = brokerFor(device);
  try {
    const response = await kit.broker.capabilities.http.request("dev", { path: "/bearer", auth: { type: "bearer", token: { secret: "token" } } });
    assert.equal(response.body, "bearer ok");
    assert.equal(device.received.at(-1)!.headers.authorization, `Bearer ${TOKEN}`);
    assertNoSecrets(kit, response);
  } finally {
    await kit.close();
  }
});

test("query (PRTG): username and passhash are added host-side; the echoed URL is redacted in body and headers", async () => {
  const kit = brokerFor(device);
  try {
    const response = await kit.broker.capabilities.http.request("dev", {
      path: "/api/table.json", query: { content: "sensors" },
      auth: { type: "query", params: { username: "username", passhash: { secret: "passhash" } } },
    });
    assert.equal(response.status, 200);
    const url = new URL(device.received.at(-1)!.url, "http://x");
    assert.equal(url.searchParams.get("passhash"), PASSHASH);
    assert.equal(url.searchParams.get("content"), "sensors");
    assert.equal(JSON.parse(response.body).ok, true);
    assert.match(response.headers["x-echo"]!, /passhash=\*\*\*/);
    assertNoSecrets(kit, response);
  } finally {
    await kit.close();
  }
});

test("a reference to a field that is not configured is refused, and nothing is sent", async () => {
  const kit = brokerFor(device);
  const before = device.received.length;
  try {
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/basic", auth: { type: "basic", username: "username", password: { secret: "nope" } } }),
      { code: "BROKER_SECRET_UNKNOWN" });
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/bearer", auth: { type: "bearer", token: "missing_field" } }),
      { code: "BROKER_SECRET_UNKNOWN" });
    // A `{ secret }` reference never reads the non-secret config.
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/bearer", auth: { type: "bearer", token: { secret: "username" } } }),
      { code: "BROKER_SECRET_UNKNOWN" });
    await assert.rejects(kit.broker.capabilities.http.request("dev", { path: "/bearer", headers: { Authorization: "x" }, auth: { type: "bearer", token: { secret: "token" } } }),
      { code: "BROKER_REQUEST_INVALID" });
    assert.equal(device.received.length, before);
  } finally {
    await kit.close();
  }
});

test("digest MD5: answers the challenge, then reuses the nonce with nc=2, and re-authenticates on stale", async () => {
  const kit = brokerFor(device);
  const auth = { type: "digest" as const, username: "username", password: { secret: "password" } };
  digestStats.accepted.length = 0;
  const staleBefore = digestStats.staleChallenges;
  try {
    const first = await kit.broker.capabilities.http.request("dev", { path: "/axis-cgi/param.cgi?action=list", auth });
    assert.equal(first.status, 200);
    assert.equal(first.body, "welcome via MD5");
    const second = await kit.broker.capabilities.http.request("dev", { path: "/axis-cgi/disks/list.cgi", auth });
    assert.equal(second.status, 200);
    assert.deepEqual(digestStats.accepted.map((a) => a.nc), ["00000001", "00000002"]);
    assert.equal(digestStats.accepted[0]!.nonce, digestStats.accepted[1]!.nonce);
    // The server allows two uses per nonce: the third is answered stale, and the broker retries with the new nonce.
    const third = await kit.broker.capabilities.http.request("dev", { path: "/axis-cgi/temperaturecontrol.cgi", auth });
    assert.equal(third.status, 200);
    assert.equal(digestStats.staleChallenges, staleBefore + 1);
    assert.equal(digestStats.accepted.at(-1)!.nc, "00000001");
    assert.notEqual(digestStats.accepted.at(-1)!.nonce, digestStats.accepted[0]!.nonce);
    assertNoSecrets(kit, first, second, third);
  } finally {
    await kit.close();
  }
});

test("digest SHA-256: preferred when offered next to MD5", async () => {
  const kit = brokerFor(sha256Device);
  try {
    const response = await kit.broker.capabilities.http.request("dev", {
      path: "/axis-cgi/basicdeviceinfo.cgi", method: "POST", body: '{"apiVersion":"1.1","method":"getAllProperties"}',
      headers: { "content-type": "application/json" }, auth: { type: "digest", username: "username", password: { secret: "password" } },
    });
    assert.equal(response.body, "welcome via SHA-256");
    assert.equal(sha256Device.received.at(-1)!.body, '{"apiVersion":"1.1","method":"getAllProperties"}');
    assertNoSecrets(kit, response);
  } finally {
    await kit.close();
  }
});

test("digest with a wrong password returns the device's 401 after one answer, without looping", async () => {
  const kit = brokerFor(device, { secrets: { password: "wrong-password" } });
  const before = device.received.length;
  try {
    const response = await kit.broker.capabilities.http.request("dev", {
      path: "/axis-cgi/param.cgi", auth: { type: "digest", username: "username", password: { secret: "password" } },
    });
    assert.equal(response.status, 401);
    assert.equal(device.received.length - before, 2);
  } finally {
    await kit.close();
  }
});
