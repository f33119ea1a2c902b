import type { MappingSnapshot, Target } from "@opsconductor/sdk";

/**
 * The calls the host makes into a guest instance. Payloads travel as JSON text (a batch
 * of events to `normalize` as one structured copy): one copy in and one out per call.
 */
export type GuestOp =
  | "start"            // (initJson) → null
  | "poll"             // () → { result: PollResult-ish, token }
  | "testConnection"   // () → ConnectionTestResult
  | "syncDevices"      // () → Device[]
  | "getDeviceInfo"    // (externalId) → Device | null
  | "receive"          // (messageJson, bodyJson?) → { events, token }: a webhook's body may come as its JSON text
  | "receiveBatch"     // (messagesJson) → ReceivedBatchAnswer
  | "keepEvents"       // (eventsJson) → { kept, token }: the events parsed and kept for normalizePending
  | "normalizePending" // (token, start, end) → alerts of events kept from poll/receive/keepEvents
  | "releasePending"   // (token) → null
  | "normalize"        // (events array) → alerts
  | "updateMappings";  // (snapshotJson) → null

/** Strings and numbers; the events of `normalize` as an array (each sandbox copies it its fastest way). */
export type GuestArg = string | number | readonly unknown[];

/** A guest call's answer, as JSON text. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: GuestErrorData };

export interface GuestErrorData {
  code: string;
  message: string;
  /** The `code` of what the addon threw, when it had one (e.g. a broker code it did not catch). */
  addonCode?: string;
}

/**
 * The answer of `receiveBatch`: per message, in order, an envelope of what its `receive`
 * returned (the events) or why it failed. The guest keeps, under `token`, the events of
 * every ok answer that is an array, concatenated in message order (`kept` of them), for
 * `normalizePending`; the host checks every part and recomputes that layout itself.
 */
export interface ReceivedBatchAnswer {
  results: Array<Envelope<unknown>>;
  kept: number;
  token: number;
}

/** What a guest instance is started with. */
export interface GuestInit {
  config: Readonly<Record<string, unknown>>;
  targets: readonly Target[];
  mappings: MappingSnapshot;
}

/** The guest's door to the host: capability name and JSON arguments in, JSON envelope out. */
export type HostCall = (name: string, payload: string) => Promise<string>;

/** The single entry point a guest instance exposes to the host. */
export type GuestDispatch = (op: GuestOp, a?: GuestArg, b?: GuestArg, c?: GuestArg) => string | Promise<string>;

/**
 * A normalize batch as it leaves the guest, by column: what the normalizer decided for
 * each event (null in every column for dropped events, listed in `dropped`), and per
 * alert only the raw-event fields it changed (`changes`, by index in the batch; `$omit`
 * names fields it left out) and, when it kept its event's metrics as they were, not them
 * either (`rawMetrics`). The host rebuilds each alert from its own copy of the raw
 * event — `raw` is that event — and checks it. One short JSON text per batch.
 */
export interface AlertBatch {
  role: unknown[];
  severity: unknown[];
  category: unknown[];
  title: unknown[];
  /** null: the raw event's message. */
  message: unknown[];
  /** null where `rawMetrics` lists the alert. */
  metrics: unknown[];
  dropped: number[];
  /** Alerts whose metrics are their raw event's own (flat, untouched) metrics: the host takes them from its copy. */
  rawMetrics: number[];
  changes: Record<string, Record<string, unknown> & { $omit?: unknown; $invalid?: unknown }>;
  /** Events the normalizer threw on: its message and the error's own `code`, if any. */
  failed: Record<string, { message?: unknown; addonCode?: unknown }>;
}

