import type { HttpRequest, HttpResponse, RawEvent } from "@opsconductor/sdk";
import { hostError } from "../../errors.ts";
import type { HostCapabilities } from "../capabilities.ts";

/** What a test can look at after handing these capabilities to an instance. */
export interface TestCapabilities extends HostCapabilities {
  readonly stateStore: Map<string, unknown>;
  readonly logLines: Array<{ level: string; message: string; fields?: Record<string, unknown> }>;
  readonly emitted: RawEvent[];
  readonly httpRequests: Array<{ target: string; request: HttpRequest }>;
}

/**
 * In-test capabilities, standing in for the broker: HTTP answers by path (`/never` never
 * answers, `/fail` fails like an unreachable device), state in a Map. `secret` is held
 * host-side only, the way the broker holds credentials, to prove it never reaches a guest.
 */
export function createTestCapabilities(secret = "s3cr3t-password"): TestCapabilities {
  const stateStore = new Map<string, unknown>();
  const logLines: TestCapabilities["logLines"] = [];
  const emitted: RawEvent[] = [];
  const httpRequests: TestCapabilities["httpRequests"] = [];
  // A hung device keeps its socket, so its promise stays referenced (an unreferenced one
  // would be collected, and isolated-vm would report it abandoned).
  const hung: Array<(response: HttpResponse) => void> = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    logLines.push(fields === undefined ? { level, message } : { level, message, fields });
  };
  return {
    stateStore,
    logLines,
    emitted,
    httpRequests,
    http: {
      async request(target: string, request: HttpRequest): Promise<HttpResponse> {
        httpRequests.push({ target, request });
        if (request.path === "/never") return new Promise<HttpResponse>((resolve) => hung.push(resolve));
        if (request.path === "/fail") throw hostError("BROKER_UNREACHABLE", `${target} did not answer`);
        const authorized = `Basic ${Buffer.from(`admin:${secret}`).toString("base64")}`.length > 0;
        return { status: 200, headers: { "content-type": "text/plain" }, body: authorized ? "fine" : "" };
      },
    },
    snmp: {
      async get(_target: string, oids: string[]) {
        return oids.map((oid) => ({ oid, type: "Integer", value: 1 }));
      },
      async walk(_target: string, oid: string) {
        return [{ oid: `${oid}.1`, type: "OctetString", value: "eth0" }];
      },
    },
    ssh: {
      async exec(_target: string, command: string) {
        return { code: 0, stdout: `ran ${command}` };
      },
      async shell(_target: string, commands: string[]) {
        return commands.map((command) => `ran ${command}`);
      },
    },
    state: {
      async get<T>(key: string): Promise<T | undefined> {
        return stateStore.get(key) as T | undefined;
      },
      async set(key: string, value: unknown): Promise<void> {
        stateStore.set(key, value);
      },
    },
    async emit(events: RawEvent[]): Promise<void> {
      emitted.push(...events);
    },
    log: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
  };
}
