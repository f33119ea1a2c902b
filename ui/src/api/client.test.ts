import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiClient, ApiError, buildUrl } from "./client.ts";
import { describeError, isAuthLost } from "./errors.ts";

interface Seen {
  method: string;
  url: string;
  csrf: string | undefined;
  contentType: string | undefined;
  body: string;
}

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

// A real HTTP server on loopback answering the way the API (or a proxy in front of it) can.
before(async () => {
  server = createServer(async (req, res) => {
    const body = await readAll(req);
    seen.push({ method: req.method!, url: req.url!, csrf: req.headers["x-csrf-token"] as string | undefined, contentType: req.headers["content-type"], body });
    const path = req.url!.split("?")[0];
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(value));
    };
    switch (path) {
      case "/api/v1/ok": return json(200, { hello: "world" });
      case "/api/v1/echo": return json(200, { method: req.method, body: body === "" ? null : JSON.parse(body) });
      case "/api/v1/empty": res.writeHead(204); return res.end();
      case "/api/v1/missing": return json(404, { error: { code: "ALERT_NOT_FOUND", message: "no alert with id 9" } });
      case "/api/v1/config-invalid": return json(400, { error: { code: "CONNECTOR_CONFIG_INVALID", message: "config is invalid: /host is required",
        details: { fields: [{ pointer: "/host", message: "is required" }] } } });
      case "/api/v1/expired": return json(401, { error: { code: "AUTH_SESSION_EXPIRED", message: "the session has expired" } });
      case "/api/v1/auth/login": return json(401, { error: { code: "AUTH_INVALID_CREDENTIALS", message: "wrong username or password" } });
      case "/api/v1/throttled": return json(429, { error: { code: "AUTH_THROTTLED", message: "slow down" } }, { "retry-after": "30" });
      case "/api/v1/proxy-error": res.writeHead(502, { "content-type": "text/html" }); return res.end("<h1>Bad Gateway</h1>");
      case "/api/v1/not-json": res.writeHead(200, { "content-type": "application/json" }); return res.end("{oops");
      default: return json(404, { error: { code: "NOT_FOUND", message: "no route" } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("buildUrl joins arrays with commas and leaves out empty values", () => {
  assert.equal(buildUrl("/alerts", { status: ["open", "acknowledged"], severity: [], text: "", device: undefined, limit: 50, cursor: null }),
    "/alerts?status=open%2Cacknowledged&limit=50");
  assert.equal(buildUrl("/alerts", {}), "/alerts");
  assert.equal(buildUrl("/alerts", { text: "a b&c" }), "/alerts?text=a+b%26c");
});

test("a successful GET returns the parsed JSON and sends no CSRF header", async () => {
  const client = new ApiClient({ baseUrl });
  client.setCsrfToken("tok-1");
  assert.deepEqual(await client.get("/ok"), { hello: "world" });
  assert.equal(seen.at(-1)!.csrf, undefined);
});

test("mutations carry the CSRF token and a JSON body", async () => {
  const client = new ApiClient({ baseUrl });
  client.setCsrfToken("tok-2");
  assert.deepEqual(await client.post("/echo", { note: "on it" }), { method: "POST", body: { note: "on it" } });
  const request = seen.at(-1)!;
  assert.equal(request.csrf, "tok-2");
  assert.equal(request.contentType, "application/json");
  await client.delete("/echo");
  assert.equal(seen.at(-1)!.method, "DELETE");
  assert.equal(seen.at(-1)!.csrf, "tok-2");
  assert.equal(seen.at(-1)!.body, "");
});

test("a mutation without a known token sends no CSRF header", async () => {
  const client = new ApiClient({ baseUrl });
  await client.post("/echo");
  assert.equal(seen.at(-1)!.csrf, undefined);
  assert.equal(seen.at(-1)!.contentType, undefined);
});

test("204 resolves to undefined", async () => {
  const client = new ApiClient({ baseUrl });
  assert.equal(await client.delete("/empty"), undefined);
});

test("{error:{code,message}} becomes an ApiError with the code, message and status", async () => {
  const client = new ApiClient({ baseUrl });
  await assert.rejects(client.get("/missing"), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, "ALERT_NOT_FOUND");
    assert.equal(error.message, "no alert with id 9");
    assert.equal(error.status, 404);
    assert.equal(error.details, undefined);
    return true;
  });
});

test("an error's details are kept as the API sent them", async () => {
  const client = new ApiClient({ baseUrl });
  const error = await client.put("/config-invalid", {}).catch((e: unknown) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.code, "CONNECTOR_CONFIG_INVALID");
  assert.deepEqual(error.details, { fields: [{ pointer: "/host", message: "is required" }] });
});

test("an expired session calls onAuthLost; a failed login does not", async () => {
  const lost: string[] = [];
  const client = new ApiClient({ baseUrl, onAuthLost: (error) => lost.push(error.code) });
  await assert.rejects(client.get("/expired"), (error: unknown) => isAuthLost(error));
  assert.deepEqual(lost, ["AUTH_SESSION_EXPIRED"]);
  await assert.rejects(client.post("/auth/login", { username: "a", password: "b" }), { code: "AUTH_INVALID_CREDENTIALS" });
  assert.deepEqual(lost, ["AUTH_SESSION_EXPIRED"]);
});

test("Retry-After is kept and shown in the hint of a throttled login", async () => {
  const client = new ApiClient({ baseUrl });
  const error = await client.get("/throttled").catch((e: unknown) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.retryAfterSeconds, 30);
  assert.match(describeError(error).hint ?? "", /30 s/);
});

test("a non-JSON error page becomes HTTP_<status> with the body's start", async () => {
  const client = new ApiClient({ baseUrl });
  await assert.rejects(client.get("/proxy-error"), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, "HTTP_502");
    assert.match(error.message, /Bad Gateway/);
    return true;
  });
});

test("a 2xx body that is not JSON is RESPONSE_INVALID", async () => {
  const client = new ApiClient({ baseUrl });
  await assert.rejects(client.get("/not-json"), { code: "RESPONSE_INVALID" });
});

test("an unreachable API is NETWORK_ERROR with status 0", async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const client = new ApiClient({ baseUrl: `http://127.0.0.1:${port}` });
  await assert.rejects(client.get("/ok"), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, "NETWORK_ERROR");
    assert.equal(error.status, 0);
    assert.ok(describeError(error).hint);
    return true;
  });
});

test("an aborted request rejects with the AbortError, not an ApiError", async () => {
  const client = new ApiClient({ baseUrl });
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(client.get("/ok", undefined, controller.signal), { name: "AbortError" });
});
