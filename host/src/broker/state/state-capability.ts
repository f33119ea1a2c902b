import type { Ctx } from "@opsconductor/sdk";
import { hostError } from "../../errors.ts";
import { iso, type Clock } from "../../util/clock.ts";
import { TurnShare } from "../../util/turn-share.ts";
import type { CallBudget } from "../core/call-budget.ts";
import type { CallGate } from "../core/call-gate.ts";
import type { StatsRecorder } from "../core/stats.ts";
import type { ConnectorStateStore } from "./state-store.ts";

export const DEFAULT_STATE_MAX_VALUE_BYTES = 64 * 1024;
export const DEFAULT_STATE_MAX_TOTAL_BYTES = 1024 * 1024;
/**
 * ctx.state calls per operation. The built-in connectors make at most about 400 in a poll (two per
 * target: the Cisco ASA's, at one SSH call a target within the 200 network calls; PRTG about 120
 * for its 20 servers); a burst of them holds the event loop, since each is synchronous SQLite work.
 */
export const DEFAULT_STATE_CALLS_PER_OPERATION = 1_000;
const MAX_KEY_CHARS = 200;
/**
 * State calls of one instance run in one turn of the event loop, at most: each is synchronous
 * SQLite work (a set about 0.03 ms, a get less), so 64 hold the loop a few milliseconds.
 */
const CALLS_PER_TURN = 64;

export interface StateCapabilityDeps {
  instanceId: string;
  store: ConnectorStateStore;
  gate: CallGate;
  /** ctx.state's own allowance per operation (not the network calls'). */
  budget: CallBudget;
  stats: StatsRecorder;
  clock: Clock;
  maxValueBytes: number;
  maxTotalBytes: number;
}

/**
 * ctx.state: a small JSON key-value store per connector instance, capped per value
 * and per instance. `set(key, undefined)` deletes the key. Counted against a budget
 * of state calls per operation, not the network calls'.
 */
export function createStateCapability(deps: StateCapabilityDeps): Ctx["state"] {
  const turns = new TurnShare(CALLS_PER_TURN);
  const counted = async <T>(work: () => T): Promise<T> => {
    deps.stats.call("state");
    try {
      // Refusals wait their turn too: 100,000 of them in a row would hold the loop as well.
      const turn = turns.pass();
      if (turn) await turn;
      deps.gate.assertOpen("ctx.state");
      deps.budget.consume("ctx.state");
      return work();
    } catch (error) {
      deps.stats.error("state");
      throw error;
    }
  };

  return {
    get: <T>(key: string) => counted(() => {
      const json = deps.store.get(deps.instanceId, checkedKey(key));
      if (json === undefined) return undefined;
      deps.stats.bytesIn("state", json.length);
      return JSON.parse(json) as T;
    }),
    set: (key: string, value: unknown) => counted(() => {
      const checked = checkedKey(key);
      if (value === undefined) return deps.store.delete(deps.instanceId, checked);
      const json = toJson(value, checked);
      const bytes = Buffer.byteLength(json);
      if (bytes > deps.maxValueBytes) {
        throw hostError("BROKER_STATE_TOO_LARGE",
          `ctx.state.set('${checked}') refused: the value takes ${bytes} bytes, over the ${deps.maxValueBytes}-byte cap per value`,
          { key: checked, bytes, maxValueBytes: deps.maxValueBytes });
      }
      deps.store.set(deps.instanceId, checked, json, { maxTotalBytes: deps.maxTotalBytes, at: iso(deps.clock.now()) });
      deps.stats.bytesOut("state", bytes);
    }),
  };
}

function checkedKey(key: unknown): string {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_CHARS) {
    throw hostError("BROKER_REQUEST_INVALID", `a state key must be a string of 1 to ${MAX_KEY_CHARS} characters`);
  }
  return key;
}

function toJson(value: unknown, key: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw hostError("BROKER_REQUEST_INVALID", `ctx.state.set('${key}'): the value is not JSON-serializable (${(error as Error).message})`);
  }
  if (json === undefined) throw hostError("BROKER_REQUEST_INVALID", `ctx.state.set('${key}'): the value is not JSON-serializable`);
  return json;
}
