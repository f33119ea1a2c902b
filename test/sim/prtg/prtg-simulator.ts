import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { selfSignedCertificate } from "../tls/self-signed.ts";
import {
  DEFAULT_DEVICE_COLUMNS, DEFAULT_SENSOR_COLUMNS, devicesOf, renderDevice, renderSensor, type RenderOptions, type SimDevice, type SimSensor,
} from "./prtg-data.ts";

/**
 * A PRTG Network Monitor HTTP API for tests (reference/protocols.md §1), over HTTPS with a
 * self-signed certificate on loopback:
 * - `GET /api/table.json?content=sensors|devices&columns=…&start=&count=&filter_status=…&filter_objid=…`
 *   → `{"prtg-version","treesize","<content>":[…]}`, 500 rows per page unless `count` says; a
 *   `filter_<column>` is repeatable (OR), different columns combine (AND), as PRTG's do;
 * - `GET /api/getpasshash.htm?username=&password=` → the passhash, digits only;
 * - auth on every request by query: `username`+`passhash`, `username`+`password`, or `apitoken`;
 *   bad credentials → 401 with a small XML body; a bad request → 400 with `<error>`.
 * State can change between polls, faults can be scripted, and every request is logged.
 */
export interface PrtgSimulatorOptions {
  username?: string;
  password?: string;
  /** Digits only, as PRTG makes them. */
  passhash?: string;
  apitoken?: string;
  sensors?: SimSensor[];
  /** Default: derived from the sensors (one device per `parentid`). */
  devices?: SimDevice[];
  /** Numbers as JSON strings ("5"), `treesize` included. */
  numbersAsStrings?: boolean;
  /** Serve no `_raw` columns at all. */
  omitRawColumns?: boolean;
  /** `filtered` (default): treesize counts the rows the filters match; `all`: every object of the content [U]. */
  treesize?: "filtered" | "all";
  /** `applied` (default); `ignored`: `filter_objid` is not honoured, every row is served (PRTG 20.1.57's bug [U]). */
  objidFilter?: "applied" | "ignored";
  version?: string;
  /** HTTPS (default) or plain HTTP. */
  tls?: boolean;
}

export type PrtgFault =
  | { kind: "slow"; ms: number }
  | { kind: "hang" }
  | { kind: "unauthorized" }
  | { kind: "error"; status?: number }
  | { kind: "malformed" }
  | { kind: "truncated" }
  | { kind: "reset" };

/** A fault and which requests it hits: it lets `skip` requests pass, then hits `times` of them (default: all). */
export type PrtgFaultRule = PrtgFault & { skip?: number; times?: number };

export interface PrtgRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  /** How the request authenticated. */
  auth: "passhash" | "password" | "apitoken" | "refused";
  /** 0 when no answer was sent (hang, reset). */
  status: number;
}

export interface PrtgSimulator {
  port: number;
  /** `https://127.0.0.1:<port>` */
  url: string;
  requests: PrtgRequest[];
  /** Replaces the sensors (and the devices, unless given explicitly at start). */
  setSensors(sensors: SimSensor[]): void;
  setStatus(objid: number, statusRaw: number, message?: string): void;
  remove(objid: number): void;
  setFault(fault: PrtgFaultRule | null): void;
  setRendering(options: Partial<Pick<PrtgSimulatorOptions, "numbersAsStrings" | "omitRawColumns" | "treesize" | "objidFilter">>): void;
  close(): Promise<void>;
}

export const DEFAULT_PAGE_SIZE = 500;

export async function startPrtgSimulator(options: PrtgSimulatorOptions = {}): Promise<PrtgSimulator> {
  const credentials = {
    username: options.username ?? "prtgadmin",
    password: options.password ?? "prtgpassword",
    passhash: options.passhash ?? "1234567890",
    apitoken: options.apitoken,
  };
  const version = options.version ?? "24.1.92.1554";
  let sensors = copies(options.sensors ?? []);
  const rendering = {
    numbersAsStrings: options.numbersAsStrings ?? false, omitRawColumns: options.omitRawColumns ?? false,
    treesize: options.treesize ?? "filtered", objidFilter: options.objidFilter ?? "applied",
  };
  let fault: PrtgFaultRule | null = null;
  const requests: PrtgRequest[] = [];
  const held: ServerResponse[] = [];

  const devices = () => options.devices ?? devicesOf(sensors);

  function takeFault(): PrtgFault | null {
    if (!fault) return null;
    if ((fault.skip ?? 0) > 0) {
      fault.skip! -= 1;
      return null;
    }
    const hit = fault;
    if (hit.times !== undefined && --hit.times <= 0) fault = null;
    return hit;
  }

  function authOf(query: URLSearchParams): PrtgRequest["auth"] {
    const token = query.get("apitoken");
    if (token !== null) return credentials.apitoken !== undefined && token === credentials.apitoken ? "apitoken" : "refused";
    if (query.get("username") !== credentials.username) return "refused";
    if (query.get("passhash") === credentials.passhash) return "passhash";
    if (query.get("password") === credentials.password) return "password";
    return "refused";
  }

  function table(query: URLSearchParams): { status: number; body: string; type: string } {
    const content = query.get("content");
    if (content !== "sensors" && content !== "devices") return xmlError(400, version, `Unknown content type '${content ?? ""}'`);
    const columns = query.get("columns")?.split(",").map((c) => c.trim()).filter(Boolean)
      ?? (content === "sensors" ? [...DEFAULT_SENSOR_COLUMNS] : [...DEFAULT_DEVICE_COLUMNS]);
    const start = Number(query.get("start") ?? 0);
    const count = Number(query.get("count") ?? DEFAULT_PAGE_SIZE);
    if (!Number.isInteger(start) || start < 0 || !Number.isInteger(count) || count < 0) return xmlError(400, version, "start and count must be whole numbers");
    // Values of one filter column are OR'ed, columns AND'ed; "0000012345" is objid 12345 (the zero-padded form PRTG 20.1.57 wanted).
    const statuses = new Set(query.getAll("filter_status").map(Number));
    const objids = new Set(rendering.objidFilter === "ignored" ? [] : query.getAll("filter_objid").map(Number));
    const all: Array<SimSensor | SimDevice> = content === "sensors" ? [...sensors] : devices();
    all.sort((a, b) => a.objid - b.objid);
    const matching = all.filter((item) => (statuses.size === 0 || statuses.has(item.status_raw)) && (objids.size === 0 || objids.has(item.objid)));
    const render: RenderOptions = rendering;
    const page = matching.slice(start, start + count).map((item) => content === "sensors"
      ? renderSensor(item as SimSensor, columns, render)
      : renderDevice(item as SimDevice, sensors, columns, render));
    const treesize = rendering.treesize === "all" ? all.length : matching.length;
    const body = { "prtg-version": version, treesize: rendering.numbersAsStrings ? String(treesize) : treesize, [content]: page };
    return { status: 200, body: JSON.stringify(body), type: "application/json; charset=utf-8" };
  }

  function answer(req: IncomingMessage): { status: number; body: string; type: string; auth: PrtgRequest["auth"] } {
    const url = new URL(req.url ?? "/", "http://prtg.invalid");
    if (url.pathname === "/api/getpasshash.htm") {
      const ok = url.searchParams.get("username") === credentials.username && url.searchParams.get("password") === credentials.password;
      return ok
        ? { status: 200, body: credentials.passhash, type: "text/html; charset=UTF-8", auth: "password" }
        : { ...xmlError(401, version, "Unauthorized"), auth: "refused" };
    }
    const auth = authOf(url.searchParams);
    if (auth === "refused") return { ...xmlError(401, version, "Unauthorized"), auth };
    if (url.pathname === "/api/table.json") return { ...table(url.searchParams), auth };
    return { status: 404, body: "<html><body>Not Found</body></html>", type: "text/html", auth };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://prtg.invalid");
    const query: Record<string, string[]> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
    const logged: PrtgRequest = { method: req.method ?? "GET", path: url.pathname, query, auth: "refused", status: 0 };
    requests.push(logged);
    const hit = takeFault();
    if (hit?.kind === "hang") {
      held.push(res);
      return;
    }
    if (hit?.kind === "reset") {
      req.socket.destroy();
      return;
    }
    if (hit?.kind === "slow") await new Promise((resolve) => setTimeout(resolve, hit.ms));
    let { status, body, type, auth } = answer(req);
    logged.auth = auth;
    if (hit?.kind === "unauthorized") ({ status, body, type } = xmlError(401, version, "Unauthorized"));
    if (hit?.kind === "error") ({ status, body, type } = { status: hit.status ?? 500, body: "<html><body><h1>Internal Server Error</h1></body></html>", type: "text/html" });
    if (hit?.kind === "malformed") body = '{"prtg-version":"' + version + '","treesize":1,"sensors":[{"objid":1 "status":"Down"}]}';
    if (hit?.kind === "truncated") body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    logged.status = status;
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), server: "PRTG/" + version });
    res.end(body);
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => res.destroy());
  };
  const server: Server = options.tls === false ? createHttpServer(onRequest) : createHttpsServer(selfSignedCertificate(), onRequest);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `${options.tls === false ? "http" : "https"}://127.0.0.1:${port}`,
    requests,
    setSensors(next) {
      sensors = copies(next);
    },
    setStatus(objid, statusRaw, message) {
      const sensor = sensors.find((s) => s.objid === objid);
      if (!sensor) throw new Error(`no sensor ${objid}`);
      sensor.status_raw = statusRaw;
      if (message !== undefined) sensor.message = message;
    },
    remove(objid) {
      sensors = sensors.filter((s) => s.objid !== objid);
    },
    setFault(next) {
      fault = next ? { ...next } : null;
    },
    setRendering(next) {
      Object.assign(rendering, next);
    },
    async close() {
      for (const res of held.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The simulator's own copies, so that setStatus never changes the caller's objects. */
function copies(sensors: readonly SimSensor[]): SimSensor[] {
  return sensors.map((sensor) => ({ ...sensor }));
}

/** PRTG's error answer: a small XML document with an `<error>` element (exact shape [U]). */
function xmlError(status: number, version: string, message: string): { status: number; body: string; type: string } {
  return {
    status,
    body: `<?xml version="1.0" encoding="UTF-8" ?>\n<prtg>\n  <version>${version}</version>\n  <error>${message}</error>\n</prtg>\n`,
    type: "text/xml; charset=UTF-8",
  };
}
