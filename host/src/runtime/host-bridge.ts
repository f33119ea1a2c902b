import { toErrorData } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import type { HostCapabilities } from "./capabilities.ts";
import type { HostCall } from "./guest/protocol.ts";
import { MAX_EVENTS_PER_EMIT, validRawEvents } from "./result-validation.ts";

/** Counts what crosses the boundary through capabilities. */
export interface CapabilityMeter {
  record(bytes: number): void;
  heldOutsideOperation(): void;
}

/** When a guest's calls are answered: its instance is open (not stopped or replaced) and one of its operations runs. */
export interface BridgeState {
  isOpen(): boolean;
  inOperation(): boolean;
}

const MAX_ERROR_MESSAGE = 2_000;

/**
 * A call's JSON arguments are refused unread past this: parsing came first, and a 40 M-character
 * state.set took 177 ms and +80 MB RSS before the state capability refused it (a 64 MB isolate
 * can send 60 M). The largest call that can succeed is an HTTP request with its 1 MiB body, up to
 * 6 Mi characters once its control bytes are escaped; an emit of its most, 1,000 events, takes
 * about 0.3 M (263 characters a typical event).
 */
export const MAX_CALL_PAYLOAD_CHARS = 8 * 1024 * 1024;

/**
 * Held calls kept per bridge. Each must stay referenced: isolated-vm rejects a guest's call
 * whose host promise is collected unsettled ("Promise was abandoned"), which would free the
 * code it stopped. Past the cap (calls not awaited, made in a loop) a call is refused at once.
 */
const MAX_HELD_CALLS = 64;
const LOG_DROPPED = JSON.stringify({ ok: true });
const REFUSED_OUTSIDE_OPERATION = JSON.stringify({ ok: false, error: {
  code: "ADDON_OUTSIDE_OPERATION", message: "capability calls are answered only while a poll, test, sync or delivery of this instance runs",
} });

/**
 * The host end of a guest's `hostCall`: decodes the JSON arguments, calls the
 * instance's capability and answers a JSON envelope. It never rejects — a failure is
 * `{ok:false,error:{code,message}}` (no stack, no details: only what the addon may see).
 * `isOpen()` turns false when the instance is disposed or restarted, so a guest that
 * outlived its deadline cannot keep using the network.
 *
 * A call made while none of the instance's operations runs comes from code the addon left
 * running (a chain its poll never awaited) and is held: never answered, so that code stops at
 * it. Answering it, even with an error, would let it loop on, costing both sides CPU between
 * polls; serving it let it use the network and ctx.state outside any operation's budget.
 */
export function createHostBridge(capabilities: HostCapabilities, meter: CapabilityMeter, state: BridgeState): HostCall {
  const held: Array<Promise<string>> = [];
  const assertOpen = () => {
    if (!state.isOpen()) throw hostError("ADDON_INSTANCE_STOPPED", "the instance was stopped");
  };
  return async (name: unknown, payload: unknown): Promise<string> => {
    if (!state.inOperation() && state.isOpen()) {
      meter.heldOutsideOperation();
      // ctx.log is not awaited, so holding it would stop nothing: it is dropped, unwritten.
      if (name === "log") return LOG_DROPPED;
      if (held.length >= MAX_HELD_CALLS) return REFUSED_OUTSIDE_OPERATION;
      const never = new Promise<string>(() => {});
      held.push(never);
      return never;
    }
    const inBytes = typeof payload === "string" ? payload.length : 0;
    let answer: string;
    try {
      assertOpen();
      if (typeof name !== "string" || typeof payload !== "string") throw hostError("ADDON_CAPABILITY_FAILED", "malformed capability call");
      if (payload.length > MAX_CALL_PAYLOAD_CHARS) {
        throw hostError("ADDON_CAPABILITY_ARGS_TOO_LARGE",
          `the arguments of ${JSON.stringify(name.slice(0, 40))} are ${payload.length} characters of JSON, past the ${MAX_CALL_PAYLOAD_CHARS}-character cap: refused unread`);
      }
      const args: unknown = JSON.parse(payload);
      if (!Array.isArray(args)) throw hostError("ADDON_CAPABILITY_FAILED", "capability arguments must be an array");
      const value = await invokeCapability(capabilities, name, args);
      // Not encoded for a guest that is gone: an answer may run to 16 M characters (an 8 MiB body, twice).
      assertOpen();
      answer = JSON.stringify(value === undefined ? { ok: true } : { ok: true, value });
    } catch (error) {
      const { code, message } = toErrorData(error, "ADDON_CAPABILITY_FAILED");
      answer = JSON.stringify({ ok: false, error: { code, message: message.slice(0, MAX_ERROR_MESSAGE) } });
    }
    meter.record(inBytes + answer.length);
    return answer;
  };
}

type Args = unknown[];

/** Routes one call by name; argument shapes are the broker's to check, types here are only what JSON gives. */
async function invokeCapability(caps: HostCapabilities, name: string, args: Args): Promise<unknown> {
  switch (name) {
    case "http.request": return caps.http.request(asString(args[0], "target"), args[1] as never);
    case "snmp.get": return caps.snmp.get(asString(args[0], "target"), args[1] as string[]);
    case "snmp.walk": return caps.snmp.walk(asString(args[0], "target"), asString(args[1], "oid"));
    case "ssh.exec": return caps.ssh.exec(asString(args[0], "target"), asString(args[1], "command"));
    case "ssh.shell": return caps.ssh.shell(asString(args[0], "target"), args[1] as string[], (args[2] ?? undefined) as never);
    case "state.get": return caps.state.get(asString(args[0], "key"));
    case "state.set": return caps.state.set(asString(args[0], "key"), args[1]);
    // Pushed events are untrusted data like a poll's: the RawEvent schema, checked here.
    case "emit": {
      // Counted before the schema check: checking 100,000 events took 0.2-0.3 s only to refuse them.
      if (Array.isArray(args[0]) && args[0].length > MAX_EVENTS_PER_EMIT) {
        throw hostError("BROKER_REQUEST_INVALID", `ctx.emit takes an array of at most ${MAX_EVENTS_PER_EMIT} events`);
      }
      return caps.emit(validRawEvents(args[0], "emitted event"));
    }
    case "log": return writeLog(caps, args);
    default: throw hostError("ADDON_CAPABILITY_FAILED", `unknown capability ${name}`);
  }
}

function writeLog(caps: HostCapabilities, [level, message, fields]: Args): void {
  const text = String(message);
  const extra = fields !== null && typeof fields === "object" ? (fields as Record<string, unknown>) : undefined;
  if (level === "debug" || level === "info" || level === "warn" || level === "error") caps.log[level](text, extra);
  else caps.log.info(text, extra);
}

function asString(value: unknown, what: string): string {
  if (typeof value !== "string") throw hostError("ADDON_CAPABILITY_FAILED", `${what} must be a string`);
  return value;
}


