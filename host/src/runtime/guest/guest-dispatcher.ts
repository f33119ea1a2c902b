import type { GuestArg, GuestDispatch, GuestInit, GuestOp, HostCall } from "./protocol.ts";

/**
 * The guest side of one connector instance: builds `ctx` over `hostCall`, holds the
 * connector and normalizer, and answers the host's ops with JSON envelopes. It runs
 * INSIDE the sandbox — an isolate context, or the addon's worker thread.
 *
 * SELF-CONTAINED ON PURPOSE: the isolate runtime injects this function's source text
 * (`Function.prototype.toString`; Node has already stripped the types to whitespace), so
 * the body must not refer to anything outside itself: no imports, no module helpers,
 * no shared constants.
 *
 * Errors never cross as exceptions: every op answers `{ok:true,value}` or
 * `{ok:false,error:{code,message,addonCode?}}`, so what reaches the host is plain data.
 */
export function createGuestDispatcher(addonModule: unknown, hostCall: HostCall): GuestDispatch {
  // Addon classes and results are untyped guest code.
  type Loose = any;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  let connector: Loose = null;
  let normalizer: Loose = null;
  let NormalizerClass: (new (mappings: unknown) => Loose) | null = null;
  let ctx: Loose = null;
  let connectorType: unknown = undefined;
  // Events kept between `poll`/`receive` and their normalize batches, by token.
  const pending = new Map<number, unknown[]>();
  let nextToken = 1;

  const MAX_BODY_NESTING = 32;

  // host/src/util/nesting.ts's walk, written again: this function cannot import (see above).
  function nestsDeeperThan(value: unknown, levels: number): boolean {
    if (value === null || typeof value !== "object") return false;
    if (levels === 0) return true;
    if (Array.isArray(value)) {
      for (const item of value) if (nestsDeeperThan(item, levels - 1)) return true;
      return false;
    }
    for (const key in value) if (nestsDeeperThan((value as Loose)[key], levels - 1)) return true;
    return false;
  }

  function describe(error: unknown): string {
    try {
      if (error !== null && typeof error === "object" && typeof (error as Loose).message === "string") return (error as Loose).message;
      return String(error);
    } catch {
      return "unprintable error";
    }
  }

  function codeOf(error: unknown): string | undefined {
    try {
      return error !== null && typeof error === "object" && typeof (error as Loose).code === "string" ? (error as Loose).code : undefined;
    } catch {
      return undefined;
    }
  }

  function fail(code: string, message: string, addonCode?: string): string {
    return stringify({ ok: false, error: addonCode === undefined ? { code, message } : { code, message, addonCode } });
  }

  /** A `receive` that refused its message (the SDK's rejectMessage) did its job; any other throw is the addon's failure. */
  function receiveFailure(error: unknown): string {
    return codeOf(error) === "MESSAGE_REJECTED" ? "ADDON_MESSAGE_REJECTED" : "ADDON_CALL_FAILED";
  }

  function failWith(code: string, error: unknown): string {
    return fail(code, describe(error), codeOf(error));
  }

  /** The success envelope, or null when the value cannot be serialized (cycles, BigInt). */
  function encode(value: unknown): string | null {
    try {
      return stringify({ ok: true, value: value === undefined ? null : value });
    } catch {
      return null;
    }
  }

  function ok(value: unknown): string {
    return encode(value) ?? fail("ADDON_RESULT_INVALID", "the result is not JSON-serializable");
  }

  function keep(events: unknown[]): number {
    const token = nextToken++;
    pending.set(token, events);
    return token;
  }

  /** Answers `{...value, token}`, keeping `events` for normalizePending; drops them if the answer fails. */
  function okKeeping(value: Record<string, unknown>, events: unknown): string {
    const token = Array.isArray(events) ? keep(events) : 0;
    const answer = encode({ ...value, token });
    if (answer !== null) return answer;
    pending.delete(token);
    return fail("ADDON_RESULT_INVALID", "the result is not JSON-serializable");
  }

  function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const key of Object.keys(value)) deepFreeze((value as Loose)[key]);
    }
    return value;
  }

  async function call(name: string, args: unknown[]): Promise<Loose> {
    const reply = parse(await hostCall(name, stringify(args)));
    if (reply.ok) return reply.value;
    const error: Loose = new Error(reply.error.message);
    error.name = "OcError";
    error.code = reply.error.code;
    throw error;
  }

  function logAt(level: string) {
    return (message: unknown, fields?: unknown): void => {
      // Fire and forget: logging never fails a poll.
      call("log", [level, String(message), fields]).catch(() => {});
    };
  }

  function buildCtx(init: GuestInit): Loose {
    return Object.freeze({
      config: deepFreeze(init.config ?? {}),
      targets: deepFreeze(init.targets ?? []),
      http: Object.freeze({ request: (target: string, req: unknown) => call("http.request", [target, req]) }),
      snmp: Object.freeze({
        get: (target: string, oids: unknown) => call("snmp.get", [target, oids]),
        walk: (target: string, oid: unknown) => call("snmp.walk", [target, oid]),
      }),
      ssh: Object.freeze({
        exec: (target: string, command: unknown) => call("ssh.exec", [target, command]),
        shell: (target: string, commands: unknown, opts?: unknown) => call("ssh.shell", [target, commands, opts]),
      }),
      state: Object.freeze({
        get: (key: string) => call("state.get", [key]),
        set: (key: string, value: unknown) => call("state.set", [key, value]),
      }),
      emit: (events: unknown) => call("emit", [events]),
      log: Object.freeze({ debug: logAt("debug"), info: logAt("info"), warn: logAt("warn"), error: logAt("error") }),
      now: () => new Date().toISOString(),
    });
  }

  function start(initJson: GuestArg | undefined): string {
    const exported = addonModule !== null && typeof addonModule === "object" ? (addonModule as Loose).default : undefined;
    const ConnectorClass = exported?.connector;
    const NormalizerCandidate = exported?.normalizer;
    if (typeof ConnectorClass !== "function" || typeof NormalizerCandidate !== "function") {
      return fail("ADDON_BUNDLE_INVALID", "the bundle's default export is not defineAddon({ connector, normalizer })");
    }
    const init = parse(String(initJson)) as GuestInit;
    try {
      ctx = buildCtx(init);
      connector = new ConnectorClass();
      NormalizerClass = NormalizerCandidate;
      normalizer = new NormalizerCandidate(init.mappings);
      connectorType = init.mappings?.connector_type;
    } catch (error) {
      return failWith("ADDON_START_FAILED", error);
    }
    if (typeof connector.poll !== "function" || typeof connector.testConnection !== "function" || typeof normalizer.normalize !== "function") {
      return fail("ADDON_BUNDLE_INVALID", "the connector lacks poll/testConnection or the normalizer lacks normalize");
    }
    return ok(null);
  }

  async function poll(): Promise<string> {
    let result: Loose;
    try {
      result = await connector.poll(ctx);
    } catch (error) {
      return failWith("ADDON_POLL_FAILED", error);
    }
    const events = result !== null && typeof result === "object" ? result.events : undefined;
    return okKeeping({ result }, events);
  }

  /** `bodyJson`: a webhook's body as the sender's JSON text, parsed here rather than on the host. */
  async function receive(messageJson: GuestArg | undefined, bodyJson: GuestArg | undefined): Promise<string> {
    const message = parse(String(messageJson));
    // First: a body that is not JSON is the sender's fault, whatever the connector can do.
    if (bodyJson !== undefined) {
      try {
        message.body = parse(String(bodyJson));
      } catch (error) {
        return fail("ADDON_MESSAGE_INVALID", `the webhook body is not valid JSON: ${describe(error)}`);
      }
      // The host refuses alerts nesting deeper than 64 levels; a sender's body gets half of that.
      if (nestsDeeperThan(message.body, MAX_BODY_NESTING)) {
        return fail("ADDON_MESSAGE_INVALID", `the webhook body nests deeper than ${MAX_BODY_NESTING} levels`);
      }
    }
    if (typeof connector.receive !== "function") return fail("ADDON_METHOD_UNSUPPORTED", "this connector does not receive traps or webhooks");
    let events: Loose;
    try {
      events = await connector.receive(ctx, message);
    } catch (error) {
      return failWith(receiveFailure(error), error);
    }
    return okKeeping({ events }, events);
  }

  /**
   * connector.receive for each message of a batch (up to 32 at once, results in message
   * order): each message's answer is its own envelope, so one that throws or returns
   * something unserializable fails alone. The events of every array answer are kept under
   * one token, concatenated in message order, for normalizePending.
   */
  async function receiveBatch(messagesJson: GuestArg | undefined): Promise<string> {
    if (typeof connector.receive !== "function") return fail("ADDON_METHOD_UNSUPPORTED", "this connector does not receive traps or webhooks");
    const messages = parse(String(messagesJson));
    if (!Array.isArray(messages)) return fail("ADDON_CALL_FAILED", "the batch of messages is not an array");
    const LANES = 32;
    const answers: Array<{ events: unknown } | string> = new Array(messages.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < messages.length) {
        const index = next++;
        try {
          answers[index] = { events: await connector.receive(ctx, messages[index]) };
        } catch (error) {
          answers[index] = failWith(receiveFailure(error), error);
        }
      }
    };
    const lanes: Array<Promise<void>> = [];
    for (let i = 0; i < Math.min(LANES, messages.length); i++) lanes.push(lane());
    await Promise.all(lanes);
    const kept: unknown[] = [];
    const parts: string[] = new Array(answers.length);
    for (let i = 0; i < answers.length; i++) {
      const answer = answers[i]!;
      if (typeof answer === "string") {
        parts[i] = answer;
        continue;
      }
      const part = encode(answer.events);
      if (part === null) {
        parts[i] = fail("ADDON_RESULT_INVALID", "the result is not JSON-serializable");
        continue;
      }
      parts[i] = part;
      const events = answer.events;
      if (Array.isArray(events)) for (let k = 0; k < events.length; k++) kept.push(events[k]);
    }
    const token = kept.length > 0 ? keep(kept) : 0;
    return `{"ok":true,"value":{"results":[${parts.join(",")}],"kept":${kept.length},"token":${token}}}`;
  }

  async function testConnection(): Promise<string> {
    try {
      return ok(await connector.testConnection(ctx));
    } catch (error) {
      return failWith("ADDON_CALL_FAILED", error);
    }
  }

  async function syncDevices(): Promise<string> {
    if (typeof connector.syncDevices !== "function") return fail("ADDON_METHOD_UNSUPPORTED", "this connector does not sync devices");
    try {
      return ok(await connector.syncDevices(ctx));
    } catch (error) {
      return failWith("ADDON_CALL_FAILED", error);
    }
  }

  /** One device by its external id: a Device, or null when the source no longer knows it. */
  async function getDeviceInfo(externalId: GuestArg | undefined): Promise<string> {
    if (typeof connector.getDeviceInfo !== "function") return fail("ADDON_METHOD_UNSUPPORTED", "this connector does not look up single devices (getDeviceInfo)");
    let device: Loose;
    try {
      device = await connector.getDeviceInfo(ctx, String(externalId));
    } catch (error) {
      return failWith("ADDON_CALL_FAILED", error);
    }
    // JSON would turn a forgotten return into null, which the host reads as "gone at the source".
    if (device === undefined) return fail("ADDON_RESULT_INVALID", "getDeviceInfo returned nothing: return the device, or null when the source does not know it");
    return ok(device);
  }

  /** Parses raw events the host sent as JSON text and keeps them for normalizePending (the host checks its own copy). */
  function keepEvents(eventsJson: GuestArg | undefined): string {
    let events: unknown;
    try {
      events = parse(String(eventsJson));
    } catch (error) {
      return failWith("ADDON_CALL_FAILED", error);
    }
    if (!Array.isArray(events)) return fail("ADDON_CALL_FAILED", "the events are not an array");
    return ok({ kept: events.length, token: keep(events) });
  }

  // The keys and values of the event's metrics before normalize, when every value is a
  // primitive (most are): reused for each event, so the check allocates nothing.
  const metricKeys: string[] = [];
  const metricValues: unknown[] = [];

  /** Records a flat metrics object's keys and values; false when it is not one. */
  function recordFlatMetrics(value: unknown): boolean {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    let count = 0;
    for (const key in value) {
      const item = (value as Loose)[key];
      if ((item !== null && typeof item === "object") || typeof item === "function") return false;
      metricKeys[count] = key;
      metricValues[count] = item;
      count++;
    }
    metricKeys.length = count;
    return true;
  }

  /** The metrics object holds exactly the keys and values recorded before normalize. */
  function untouched(value: Loose): boolean {
    let count = 0;
    for (const key in value) {
      if (count >= metricKeys.length || key !== metricKeys[count] || value[key] !== metricValues[count]) return false;
      count++;
    }
    return count === metricKeys.length;
  }

  /**
   * Normalizes events[start..end) into an AlertBatch (protocol.ts): one column per field
   * the normalizer decides, and per alert only the raw-event fields it changed. Changes are
   * judged against the event as it was BEFORE normalize, so a normalizer mutating its input
   * cannot make the host fill in a value it did not mean. An alert whose metrics are its
   * event's own flat metrics object, untouched, is listed in `rawMetrics` instead of sending
   * them back. Other keys of an alert are not sent.
   */
  function normalizeEvents(events: Loose, start: number, end: number): string {
    if (!Array.isArray(events)) return fail("ADDON_RESULT_INVALID", "events are not an array");
    const last = Math.min(end, events.length);
    const role: unknown[] = [], severity: unknown[] = [], category: unknown[] = [], title: unknown[] = [];
    const message: unknown[] = [], metrics: unknown[] = [], dropped: number[] = [], rawMetrics: number[] = [];
    const changes: Record<number, Loose> = {};
    const failed: Record<number, Loose> = {};
    for (let i = start; i < last; i++) {
      const raw = events[i];
      const isObject = raw !== null && typeof raw === "object";
      // The fields an alert usually copies from its event, read one by one (not by a key list: much faster).
      const alertType = isObject ? raw.alert_type : undefined, deviceIp = isObject ? raw.device_ip : undefined;
      const deviceName = isObject ? raw.device_name : undefined, resource = isObject ? raw.resource : undefined;
      const target = isObject ? raw.target : undefined, timestamp = isObject ? raw.timestamp : undefined;
      const rawMessage = isObject ? raw.message : undefined;
      let alert: Loose;
      let flat = false;
      const at = i - start;
      let threw = false;
      try {
        flat = isObject && recordFlatMetrics(raw.metrics);
        alert = normalizer.normalize(raw);
      } catch (error) {
        // This event's failure, not the batch's: the host refuses its alert and keeps the others.
        // (JSON leaves out an undefined addonCode.)
        failed[at] = { message: describe(error).slice(0, 300), addonCode: codeOf(error) };
        threw = true;
      }
      if (threw || alert === null || alert === undefined || typeof alert !== "object" || Array.isArray(alert)) {
        role.push(null); severity.push(null); category.push(null); title.push(null); message.push(null); metrics.push(null);
        if (threw) continue;
        if (alert === null || alert === undefined) dropped.push(at);
        else changes[at] = { $invalid: typeof alert };
        continue;
      }
      role.push(alert.role); severity.push(alert.severity); category.push(alert.category); title.push(alert.title);
      if (flat && alert.metrics === raw.metrics && untouched(alert.metrics)) {
        metrics.push(null);
        rawMetrics.push(at);
      } else {
        metrics.push(alert.metrics);
      }
      let change: Loose = null;
      const text = alert.message;
      if (text === rawMessage && text !== undefined) message.push(null);
      else if (typeof text === "string") message.push(text);
      else {
        message.push(null);
        change = { message: text };
      }
      if (alert.alert_type !== alertType) (change ??= {}).alert_type = alert.alert_type;
      if (alert.device_ip !== deviceIp) (change ??= {}).device_ip = alert.device_ip;
      if (alert.device_name !== deviceName) (change ??= {}).device_name = alert.device_name;
      if (alert.resource !== resource) (change ??= {}).resource = alert.resource;
      if (alert.target !== target) (change ??= {}).target = alert.target;
      if (alert.timestamp !== timestamp) (change ??= {}).timestamp = alert.timestamp;
      if (alert.connector_type !== connectorType) (change ??= {}).connector_type = alert.connector_type;
      if (alert.raw !== raw) (change ??= {}).raw = alert.raw;
      if (change !== null) {
        // JSON has no undefined: a field the alert left out travels as an omission.
        for (const key of Object.keys(change)) {
          if (change[key] === undefined) {
            delete change[key];
            (change.$omit ??= []).push(key);
          }
        }
        changes[at] = change;
      }
    }
    return ok({ role, severity, category, title, message, metrics, dropped, rawMetrics, changes, failed });
  }

  function updateMappings(snapshotJson: GuestArg | undefined): string {
    try {
      const mappings = parse(String(snapshotJson));
      normalizer = new (NormalizerClass as new (mappings: unknown) => Loose)(mappings);
      connectorType = mappings?.connector_type;
      return ok(null);
    } catch (error) {
      return failWith("ADDON_START_FAILED", error);
    }
  }

  return function dispatch(op: GuestOp, a?: GuestArg, b?: GuestArg, c?: GuestArg): string | Promise<string> {
    if (op === "start") return start(a);
    if (connector === null) return fail("ADDON_INSTANCE_STOPPED", "the instance has not started");
    switch (op) {
      case "poll": return poll();
      case "testConnection": return testConnection();
      case "syncDevices": return syncDevices();
      case "getDeviceInfo": return getDeviceInfo(a);
      case "receive": return receive(a, b);
      case "receiveBatch": return receiveBatch(a);
      case "keepEvents": return keepEvents(a);
      case "normalizePending": return normalizeEvents(pending.get(Number(a)), Number(b), Number(c));
      case "releasePending": pending.delete(Number(a)); return ok(null);
      // Events arrive already copied, as an array (JSON text goes through keepEvents).
      case "normalize": return normalizeEvents(a, 0, Number.MAX_SAFE_INTEGER);
      case "updateMappings": return updateMappings(a);
      default: return fail("ADDON_METHOD_UNSUPPORTED", `unknown op ${String(op)}`);
    }
  };
}
