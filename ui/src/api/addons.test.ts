import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { installAddon, listAddons, runAddonAction, uninstallAddon } from "./addons.ts";
import { ApiClient, ApiError } from "./client.ts";

interface Seen {
  method: string;
  url: string;
  csrf: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

// A real HTTP server on loopback answering the way the addon routes do.
before(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    seen.push({ method: req.method!, url: req.url!, csrf: req.headers["x-csrf-token"] as string | undefined, contentType: req.headers["content-type"], body });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (body.toString() === "tampered") return json(400, { error: { code: "ADDON_FILE_TAMPERED", message: "backend/index.js does not match its signature" } });
    if (body.toString() === "expired") return json(401, { error: { code: "AUTH_SESSION_EXPIRED", message: "the session has expired" } });
    const path = req.url!.split("?")[0];
    if (path === "/api/v1/addons/install") return json(201, { addon: { id: "acme.probe", version: "1.0.0" }, replaced: null, warnings: [] });
    if (path === "/api/v1/addons") return json(200, { items: [{ id: "acme.probe" }], dev: true });
    return json(200, { id: "acme.probe", connectors: "remove", removedConnectors: ["c1"] });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function client(): ApiClient {
  const api = new ApiClient({ baseUrl });
  api.setCsrfToken("tok-9");
  return api;
}

test("installAddon posts the zip's bytes as application/zip with the CSRF token, and ?force=1 only when forced", async () => {
  const zip = new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff])]);
  const outcome = await installAddon(client(), zip, false);
  assert.deepEqual(outcome, { addon: { id: "acme.probe", version: "1.0.0" }, replaced: null, warnings: [] });
  const request = seen.at(-1)!;
  assert.deepEqual([request.method, request.url, request.contentType, request.csrf], ["POST", "/api/v1/addons/install", "application/zip", "tok-9"]);
  assert.deepEqual([...request.body], [0x50, 0x4b, 0x03, 0x04, 0xff]);
  await installAddon(client(), zip, true);
  assert.equal(seen.at(-1)!.url, "/api/v1/addons/install?force=1");
});

test("a refused install is an ApiError with the API's code; a lost session calls onAuthLost", async () => {
  await assert.rejects(installAddon(client(), new Blob(["tampered"]), false), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.deepEqual([error.code, error.status], ["ADDON_FILE_TAMPERED", 400]);
    return true;
  });
  const lost: string[] = [];
  const api = new ApiClient({ baseUrl, onAuthLost: (error) => lost.push(error.code) });
  await assert.rejects(installAddon(api, new Blob(["expired"]), false), { code: "AUTH_SESSION_EXPIRED" });
  assert.deepEqual(lost, ["AUTH_SESSION_EXPIRED"]);
});

test("the list, the actions and uninstall go to their routes", async () => {
  assert.deepEqual(await listAddons(client()), { items: [{ id: "acme.probe" }], dev: true });
  await runAddonAction(client(), "acme.probe", "rollback");
  assert.deepEqual([seen.at(-1)!.method, seen.at(-1)!.url, seen.at(-1)!.csrf], ["POST", "/api/v1/addons/acme.probe/rollback", "tok-9"]);
  const outcome = await uninstallAddon(client(), "acme/probe", "remove");
  assert.deepEqual(outcome.removedConnectors, ["c1"]);
  assert.deepEqual([seen.at(-1)!.method, seen.at(-1)!.url], ["DELETE", "/api/v1/addons/acme%2Fprobe?connectors=remove"]);
});
