import {
  describeErrors, hotCheckFor, rawEventSchema, validatorFor,
  type ConnectionTestResult, type Device, type PollResult, type RawEvent,
} from "@opsconductor/sdk";
import { hostError } from "../errors.ts";

// Everything a guest answers is untrusted data: it is checked here, host-side, with the sdk schemas.

const targetOutcomeSchema = {
  type: "object",
  required: ["id", "ok"],
  properties: { id: { type: "string" }, ok: { type: "boolean" }, code: { type: "string" }, message: { type: "string" } },
  additionalProperties: false,
} as const;

/**
 * Raw events one poll or one delivery may bring. Each is normalized and ingested in one
 * transaction on the daemon's event loop (about 80,000 a second here): an addon that returned
 * millions would hold every other request and source for minutes. Ten times a large PRTG.
 */
export const MAX_EVENTS_PER_CALL = 100_000;

/** Events one ctx.emit call may push (the broker's rule; the bridge counts them before checking them). */
export const MAX_EVENTS_PER_EMIT = 1000;

const pollResultSchema = {
  type: "object",
  required: ["events", "snapshot", "targets"],
  properties: {
    events: { type: "array" },
    snapshot: { type: "boolean" },
    targets: { type: "array", items: targetOutcomeSchema },
  },
  additionalProperties: false,
} as const;

const connectionTestSchema = {
  type: "object",
  required: ["ok", "message"],
  properties: { ok: { type: "boolean" }, code: { type: "string" }, message: { type: "string" } },
  additionalProperties: false,
} as const;

const deviceSchema = {
  type: "object",
  required: ["external_id", "name"],
  properties: {
    external_id: { type: "string", minLength: 1 }, name: { type: "string" }, ip: { type: "string" }, type: { type: "string" },
    vendor: { type: "string" }, model: { type: "string" }, site: { type: "string" }, status: { type: "string" },
    attributes: { type: "object" },
  },
  additionalProperties: false,
} as const;

const devicesSchema = { type: "array", items: deviceSchema } as const;

const MAX_MESSAGE = 500;

/** Whose fault bad data is: the addon's (its answer) or the caller's (its input). */
type Blame = "ADDON_RESULT_INVALID" | "VALIDATION_FAILED";

function invalid(what: string, errors: Parameters<typeof describeErrors>[0], blame: Blame = "ADDON_RESULT_INVALID") {
  return hostError(blame, `${what} is invalid: ${describeErrors(errors)}`.slice(0, MAX_MESSAGE));
}

function check<T>(schema: object, value: unknown, what: string): T {
  const validate = validatorFor(schema);
  if (!validate(value)) throw invalid(what, validate.errors);
  return value as T;
}

/** A PollResult whose events are RawEvents and whose targets are the instance's own. */
export function validPollResult(value: unknown, targetIds: ReadonlySet<string>): PollResult {
  const result = check<PollResult>(pollResultSchema, value, "the poll result");
  validRawEvents(result.events, "poll event");
  for (const outcome of result.targets) {
    if (!targetIds.has(outcome.id)) throw hostError("ADDON_RESULT_INVALID", `the poll result names target ${JSON.stringify(outcome.id).slice(0, 100)}, which is not one of the instance's`);
  }
  return result;
}

export function validRawEvents(value: unknown, what: string): RawEvent[] {
  if (!Array.isArray(value)) throw hostError("ADDON_RESULT_INVALID", `the ${what}s are not an array`);
  if (value.length > MAX_EVENTS_PER_CALL) {
    throw hostError("ADDON_RESULT_INVALID", `${value.length} ${what}s: more than ${MAX_EVENTS_PER_CALL} in one call`);
  }
  return checkedRawEvents(value, what, "ADDON_RESULT_INVALID");
}

/** Each item checked as a RawEvent (the hot check: thousands per poll); the first that is not one fails. */
function checkedRawEvents(events: unknown[], what: string, blame: Blame): RawEvent[] {
  const problemsWith = hotCheckFor(rawEventSchema);
  for (let i = 0; i < events.length; i++) {
    const problems = problemsWith(events[i]);
    if (problems !== null) throw invalid(`${what} ${i}`, problems, blame);
  }
  return events as RawEvent[];
}

/**
 * Raw events a caller handed over as JSON text (a source's payload): parsed and checked
 * against the RawEvent schema. Bad text is the caller's input, not the addon's doing:
 * VALIDATION_FAILED, naming the first bad event.
 */
export function parseRawEventsJson(json: string): RawEvent[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw hostError("VALIDATION_FAILED", `the events are not JSON: ${(error as Error).message}`.slice(0, MAX_MESSAGE));
  }
  if (!Array.isArray(value)) throw hostError("VALIDATION_FAILED", "the events are not a JSON array");
  if (value.length > MAX_EVENTS_PER_CALL) throw hostError("VALIDATION_FAILED", `${value.length} events: more than ${MAX_EVENTS_PER_CALL} in one call`);
  return checkedRawEvents(value, "event", "VALIDATION_FAILED");
}

export function validConnectionTest(value: unknown): ConnectionTestResult {
  return check<ConnectionTestResult>(connectionTestSchema, value, "the connection test result");
}

export function validDevices(value: unknown): Device[] {
  return check<Device[]>(devicesSchema, value, "the device list");
}

/**
 * getDeviceInfo's answer: null (the source no longer knows the device), or one Device checked
 * as a device sync's are — and for the device asked about, since the host writes it to that
 * device's row.
 */
export function validDeviceInfo(value: unknown, externalId: string): Device | null {
  if (value === null) return null;
  const device = check<Device>(deviceSchema, value, "the device info");
  if (device.external_id !== externalId) {
    throw hostError("ADDON_RESULT_INVALID", `the device info is for external id ${JSON.stringify(device.external_id).slice(0, 100)}, not ${JSON.stringify(externalId).slice(0, 100)} asked for`);
  }
  return device;
}
