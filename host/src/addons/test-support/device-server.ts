// Test support: a device on loopback that answers the probe addon — /status and /alarms behind
// HTTP Basic auth, alarms set by the test.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface DeviceServer {
  port: number;
  alarms: Array<{ type: string; object: string }>;
  /** Authorization headers the device received. */
  authorizations: string[];
  /** How long /alarms takes to answer (a slow device). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startDeviceServer(username: string, password: string): Promise<DeviceServer> {
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  const server = createServer((request, response) => {
    device.authorizations.push(request.headers.authorization ?? "");
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { "www-authenticate": 'Basic realm="device"' }).end("unauthorized");
    } else if (request.url === "/alarms") {
      const body = JSON.stringify(device.alarms);
      setTimeout(() => response.writeHead(200, { "content-type": "application/json" }).end(body), device.delayMs);
    } else {
      setTimeout(() => response.writeHead(200, { "content-type": "text/plain" }).end("ok"), device.delayMs);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const device: DeviceServer = {
    port: (server.address() as AddressInfo).port,
    alarms: [],
    authorizations: [],
    delayMs: 0,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return device;
}
