import { toErrorData } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import type { HostCapabilities } from "./capabilities.ts";
import type { HostCall } from "./guest/protocol.ts";
import { validRawEvents } from "./result-validation.ts";

/** Counts what crosses the boundary through capabilities. */
export interface CapabilityMeter {
  record(bytes: number): void;
}

const MAX_ERROR_MESSAGE = 2_000;

/**
 * The host end of a guest's `hostCall`: decodes the JSON arguments, calls the
 * instance's capability and answers a JSON envelope. It never rejects — a failure is
 * `{ok:false,error:{code,message}}` (no stack, no details: only what the addon may see).
 * `isOpen()` turns false when the instance is disposed or restarted, so a guest that
 * outlived its deadline cannot keep using the network.
 */
export function createHostBridge(capabilities: HostCapabilities, meter: CapabilityMeter, isOpen: () => boolean): HostCall {
  return async (name: unknown, payload: unknown): Promise<string> => {
    const inBytes = typeof payload === "string" ? payload.length : 0;
    let answer: string;
    try {
      if (!isOpen()) throw hostError("ADDON_INSTANCE_STOPPED", "the instance was stopped");
      if (typeof name !== "string" || typeof payload !== "string") throw hostError("ADDON_CAPABILITY_FAILED", "malformed capability call");
      const args: unknown = JSON.parse(payload);
      if (!Array.isArray(args)) throw hostError("ADDON_CAPABILITY_FAILED", "capability arguments must be an array");
      const value = await invokeCapability(capabilities, name, args);
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
    case "emit": return caps.emit(validRawEvents(args[0], "emitted event"));
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


