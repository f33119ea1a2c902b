import type { RawEvent } from "../alerts/model.ts";
import type { ErrorData } from "../errors/oc-error.ts";

/** A device or service a connector instance talks to, from the instance's own configuration. */
export interface Target {
  id: string;
  host: string;
  port?: number;
  name: string;
  [field: string]: unknown;
}

/** A reference to a secret config field; the host substitutes its value outside the sandbox. */
export interface SecretRef {
  secret: string;
}

/** Per-target outcome of a poll: a failed target's alerts go stale, only ok targets resolve by absence. */
export interface TargetOutcome {
  id: string;
  ok: boolean;
  code?: string;
  message?: string;
}

/** What `poll` returns. */
export interface PollResult {
  events: RawEvent[];
  /** True: `events` are everything currently wrong at the ok targets, so absent alerts resolve. */
  snapshot: boolean;
  targets: TargetOutcome[];
}

export interface ConnectionTestResult {
  ok: boolean;
  code?: string;
  message: string;
}

/** An inventory record from `syncDevices`, or one device from `getDeviceInfo`. */
export interface Device {
  external_id: string;
  name: string;
  ip?: string;
  type?: string;
  vendor?: string;
  model?: string;
  site?: string;
  status?: string;
  attributes?: Record<string, unknown>;
}

export interface HttpAuth {
  type: "basic" | "digest" | "ntlm" | "bearer" | "query";
  username?: string | SecretRef;
  password?: string | SecretRef;
  token?: string | SecretRef;
  /** For `query`: parameter name → config field or secret reference. */
  params?: Record<string, string | SecretRef>;
  domain?: string;
}

export interface HttpRequest {
  method?: string;
  path: string;
  query?: Record<string, string | number | boolean | Array<string | number>>;
  headers?: Record<string, string>;
  body?: string;
  auth?: HttpAuth;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Varbind {
  oid: string;
  type: string;
  value: string | number | null;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The only door to the world (DESIGN §4.4). Targets come from the instance's config; secrets are referenced, never read. */
export interface Ctx {
  readonly config: Readonly<Record<string, unknown>>;
  readonly targets: readonly Target[];
  http: { request(target: string, req: HttpRequest): Promise<HttpResponse> };
  snmp: {
    get(target: string, oids: string[]): Promise<Varbind[]>;
    walk(target: string, oid: string): Promise<Varbind[]>;
  };
  ssh: {
    exec(target: string, command: string): Promise<{ code: number; stdout: string }>;
    shell(target: string, commands: string[], opts?: { enable?: SecretRef; disablePager?: string }): Promise<string[]>;
  };
  state: {
    get<T>(key: string): Promise<T | undefined>;
    set(key: string, value: unknown): Promise<void>;
  };
  emit(events: RawEvent[]): Promise<void>;
  log: Logger;
  now(): string;
}

export interface TrapMessage {
  kind: "trap";
  source: { address: string; port: number };
  version: "v1" | "v2c" | "v3";
  community?: string;
  trapOid: string;
  varbinds: Varbind[];
  /** v1 only: the PDU fields before translation to the v2 form. */
  v1?: { enterprise: string; agentAddr: string; generic: number; specific: number; upTime: number };
}

export interface WebhookMessage {
  kind: "webhook";
  headers: Record<string, string>;
  body: unknown;
  receivedAt: string;
}

export type PushMessage = TrapMessage | WebhookMessage;

/** A failed poll as plain data, as it crosses the sandbox boundary. */
export type PollFailure = ErrorData;
