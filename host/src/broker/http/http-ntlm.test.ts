import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { testBroker } from "../core/testing.ts";
import { ntowfV2 } from "./ntlm.ts";
import { startTestServer, type TestServer } from "./testing-http-server.ts";

const DOMAIN = "CORP";
const USER = "svc-opsconductor";
const PASSWORD = "Winter2026!ntlm";

const avPair = (id: number, value: Buffer) => {
  const header = Buffer.alloc(4);
  header.writeUInt16LE(id, 0);
  header.writeUInt16LE(value.length, 2);
  return Buffer.concat([header, value]);
};
const secBuf = (message: Buffer, at: number) => message.subarray(message.readUInt32LE(at + 4), message.readUInt32LE(at + 4) + message.readUInt16LE(at));

/**
 * An IIS-like NTLM server (Milestone's IDP): each connection runs its own
 * handshake; the AUTHENTICATE message is verified by recomputing NTProofStr
 * with HMAC-MD5 here, from the NTOWFv2 the spec vectors pin down.
 */
function ntlmServerHandler() {
  const challenges = new Map<number, { serverChallenge: Buffer; targetInfo: Buffer }>();
  return (request: Parameters<Parameters<typeof startTestServer>[0]>[0], response: import("node:http").ServerResponse) => {
    const header = request.headers.authorization ?? "";
    if (!header.startsWith("NTLM ")) return response.writeHead(401, { "www-authenticate": ["Negotiate", "NTLM"] }).end("who are you");
    const message = Buffer.from(header.slice(5), "base64");
    const type = message.readUInt32LE(8);
    if (type === 1) {
      const serverChallenge = randomBytes(8);
      const timestamp = Buffer.alloc(8);
      timestamp.writeBigUInt64LE((BigInt(Date.now()) + 11_644_473_600_000n) * 10_000n);
      const targetInfo = Buffer.concat([avPair(2, Buffer.from(DOMAIN, "utf16le")), avPair(1, Buffer.from("IDP01", "utf16le")),
        avPair(7, timestamp), avPair(0, Buffer.alloc(0))]);
      challenges.set(request.connection, { serverChallenge, targetInfo });
      const type2 = Buffer.alloc(48);
      type2.write("NTLMSSP\0", 0, "latin1");
      type2.writeUInt32LE(2, 8);
      type2.writeUInt32LE(0xe28a8235, 20);
      serverChallenge.copy(type2, 24);
      type2.writeUInt16LE(targetInfo.length, 40); type2.writeUInt16LE(targetInfo.length, 42); type2.writeUInt32LE(48, 44);
      return response.writeHead(401, { "www-authenticate": `NTLM ${Buffer.concat([type2, targetInfo]).toString("base64")}` }).end();
    }
    const pending = challenges.get(request.connection);
    challenges.delete(request.connection);
    if (type !== 3 || !pending) return response.writeHead(401, { "www-authenticate": "NTLM" }).end("handshake not on this connection");
    const ntResponse = secBuf(message, 20);
    const domain = secBuf(message, 28).toString("utf16le");
    const user = secBuf(message, 36).toString("utf16le");
    const temp = ntResponse.subarray(16);
    const proof = createHmac("md5", ntowfV2(PASSWORD, user, domain)).update(Buffer.concat([pending.serverChallenge, temp])).digest();
    const valid = proof.equals(ntResponse.subarray(0, 16)) && temp.includes(pending.targetInfo) && user === USER && domain === DOMAIN;
    if (!valid) return response.writeHead(401, { "www-authenticate": "NTLM" }).end("bad credentials");
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ user: `${domain}\\${user}`, body: request.body }));
  };
}

let idp: TestServer;
before(async () => {
  idp = await startTestServer(ntlmServerHandler());
});
after(() => idp.close());

const kitFor = (secrets: Record<string, unknown>) => testBroker({
  targets: [{ id: "idp", name: "Milestone", host: "127.0.0.1", port: idp.port }],
  config: { windows_user: `${DOMAIN}\\${USER}` },
  secrets,
});
const auth = { type: "ntlm" as const, username: "windows_user", password: { secret: "windows_password" } };

test("NTLMv2: both legs run on one keep-alive connection and the server verifies the response", async () => {
  const kit = kitFor({ windows_password: PASSWORD });
  const before = idp.received.length;
  try {
    const response = await kit.broker.capabilities.http.request("idp", {
      path: "/IDP/connect/token", method: "POST", body: "grant_type=windows_credentials&client_id=GrantValidatorClient",
      headers: { "content-type": "application/x-www-form-urlencoded" }, auth,
    });
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body), { user: `${DOMAIN}\\${USER}`, body: "grant_type=windows_credentials&client_id=GrantValidatorClient" });
    const legs = idp.received.slice(before);
    assert.equal(legs.length, 2);
    assert.equal(legs[0]!.connection, legs[1]!.connection);
    assert.equal(legs[0]!.body, "", "the negotiate leg carries no body");
    assert.ok(!kit.logger.text().includes(PASSWORD));
  } finally {
    await kit.close();
  }
});

test("NTLM: concurrent requests are serialized so that handshakes do not interleave", async () => {
  const kit = kitFor({ windows_password: PASSWORD });
  try {
    const responses = await Promise.all([1, 2, 3].map((n) => kit.broker.capabilities.http.request("idp", { path: `/api/rest/v1/cameras?n=${n}`, auth })));
    assert.deepEqual(responses.map((r) => r.status), [200, 200, 200]);
  } finally {
    await kit.close();
  }
});

test("NTLM with a wrong password gets the server's 401 back", async () => {
  const kit = kitFor({ windows_password: "not-the-password" });
  try {
    const response = await kit.broker.capabilities.http.request("idp", { path: "/IDP/connect/token", auth });
    assert.equal(response.status, 401);
    assert.equal(response.body, "bad credentials");
  } finally {
    await kit.close();
  }
});
