import { OcError, toErrorData, type NormalizedAlert, type RawEvent } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import { collectAlerts } from "./alert-batch.ts";
import { envelopeValue } from "./guest/envelope.ts";
import { pipelined } from "./pipelined.ts";
import { validRawEvents } from "./result-validation.ts";
import type { ReceiveOutcome } from "./types.ts";

/** One message of a received batch as the host checked it: its span of the kept events, or why it failed. */
export type MessageSpan = { start: number; end: number; error?: undefined } | { start?: undefined; end?: undefined; error: OcError };

/** A `receiveBatch` answer (guest/protocol.ts ReceivedBatchAnswer), checked host-side. */
export interface ReceivedBatch {
  /** The host's copy of every event the guest kept, in its order; those of failed messages are never normalized. */
  events: RawEvent[];
  /** Per message, in order. */
  spans: MessageSpan[];
}

/** A normalizePending call: events [start, end) of the kept ones, all from the listed messages. */
export interface NormalizeRange {
  start: number;
  end: number;
  messages: number[];
}

export interface NormalizeReceivedOptions {
  /** Events per normalizePending call (the addon's normalizeBatchSize). */
  size: number;
  /** normalizePending calls in flight at once. */
  ahead: number;
  connectorType: string;
  /** normalizePending(token, start, end) on the guest: its AlertBatch. */
  normalize(start: number, end: number): Promise<unknown>;
}

function invalid(message: string): OcError {
  return hostError("ADDON_RESULT_INVALID", message);
}

/** Errors reach a message's outcome as OcErrors; anything else (an abort reason) is INTERNAL. */
function asOcError(error: unknown): OcError {
  return error instanceof OcError ? error : OcError.fromData(toErrorData(error));
}

/**
 * Checks a guest's `receiveBatch` answer for `count` messages: each message's part is an
 * envelope whose value passes the same RawEvent checks as a single `receive`; a part that
 * fails them fails that message only. The layout of the kept events is recomputed here, and
 * an answer whose `kept` disagrees with it is refused whole (ADDON_RESULT_INVALID).
 */
export function readReceivedBatch(answer: unknown, count: number): ReceivedBatch {
  if (answer === null || typeof answer !== "object") throw invalid("the sandbox answered a malformed batch");
  const { results, kept } = answer as Record<string, unknown>;
  if (!Array.isArray(results) || results.length !== count) {
    throw invalid(`the sandbox answered ${Array.isArray(results) ? results.length : "no"} results for a batch of ${count} messages`);
  }
  const events: RawEvent[] = [];
  const spans: MessageSpan[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const start = events.length;
    let value: unknown;
    try {
      value = envelopeValue(results[i]);
    } catch (error) {
      spans[i] = { error: asOcError(error) };
      continue;
    }
    if (Array.isArray(value)) for (let k = 0; k < value.length; k++) events.push(value[k] as RawEvent);
    try {
      validRawEvents(value, "received event");
      spans[i] = { start, end: events.length };
    } catch (error) {
      spans[i] = { error: asOcError(error) };
    }
  }
  if (kept !== events.length) throw invalid(`the sandbox says it kept ${String(kept).slice(0, 20)} events; its answer carries ${events.length}`);
  return { events, spans };
}

/**
 * The normalizePending calls of a received batch: the events of consecutive ok messages
 * packed up to `size`, whole messages only (a failed range can then be retried message by
 * message); a message with more than `size` events alone, in chunks of `size`.
 */
export function normalizeRanges(spans: readonly MessageSpan[], size: number): NormalizeRange[] {
  const ranges: NormalizeRange[] = [];
  let open: NormalizeRange | null = null;
  for (let m = 0; m < spans.length; m++) {
    const span = spans[m]!;
    if (span.error !== undefined || span.end === span.start) continue;
    if (span.end - span.start > size) {
      open = null;
      for (let start = span.start; start < span.end; start += size) ranges.push({ start, end: Math.min(span.end, start + size), messages: [m] });
      continue;
    }
    if (open !== null && open.end === span.start && span.end - open.start <= size) {
      open.end = span.end;
      open.messages.push(m);
      continue;
    }
    open = { start: span.start, end: span.end, messages: [m] };
    ranges.push(open);
  }
  return ranges;
}

/** The guest answered, and stays healthy: the failure is that of the events asked about, not of the instance. */
function answeredFailure(error: OcError): boolean {
  return error.code === "ADDON_NORMALIZE_FAILED" || error.code === "ADDON_RESULT_INVALID";
}

/**
 * Normalizes the ok messages of a received batch through the guest and checks every alert
 * (collectAlerts), one outcome per message. An event the normalizer threw on, or whose alert
 * is invalid, fails its own message only; a range whose answer is malformed as a whole is
 * retried message by message; a failure of the instance itself (crash, deadline) fails
 * every message not yet normalized, and nothing more is asked of the guest.
 */
export async function normalizeReceived(batch: ReceivedBatch, options: NormalizeReceivedOptions): Promise<ReceiveOutcome[]> {
  const { events, spans } = batch;
  const errors: Array<OcError | undefined> = spans.map((span) => span.error);
  const alerts: NormalizedAlert[][] = spans.map(() => []);
  const owner = new Int32Array(events.length);
  spans.forEach((span, m) => {
    if (span.error === undefined) owner.fill(m, span.start, span.end);
  });
  let stopped: OcError | undefined;
  const fail = (m: number, error: OcError) => {
    errors[m] ??= error;
    if (!answeredFailure(error)) stopped ??= error;
  };
  // A message stands or falls whole: a refused event fails its message.
  const collect = (answer: unknown, start: number, end: number, origins: number[]): NormalizedAlert[] => {
    const into: NormalizedAlert[] = [];
    const { refused } = collectAlerts(answer, events, start, end - start, options.connectorType, into, origins);
    for (const { index, error } of refused) fail(owner[index]!, error);
    return into;
  };
  const ranges = normalizeRanges(spans, options.size);
  await pipelined(
    ranges.length,
    options.ahead,
    (k) => (stopped ? Promise.reject(stopped) : options.normalize(ranges[k]!.start, ranges[k]!.end)),
    async (k, settled) => {
      const range = ranges[k]!;
      let failure: OcError;
      if (stopped) {
        // Answered after the instance failed (queued behind the fatal call): not trusted.
        for (const m of range.messages) fail(m, stopped);
        return;
      }
      if (settled.status === "fulfilled") {
        try {
          const origins: number[] = [];
          const into = collect(settled.value, range.start, range.end, origins);
          for (let i = 0; i < into.length; i++) alerts[owner[origins[i]!]!]!.push(into[i]!);
          return;
        } catch (error) {
          failure = asOcError(error);
        }
      } else {
        failure = asOcError(settled.reason);
      }
      if (range.messages.length === 1 || !answeredFailure(failure)) {
        for (const m of range.messages) fail(m, failure);
        return;
      }
      for (const m of range.messages) {
        if (stopped) {
          fail(m, stopped);
          continue;
        }
        const { start, end } = spans[m] as { start: number; end: number };
        try {
          alerts[m] = collect(await options.normalize(start, end), start, end, []);
        } catch (error) {
          fail(m, asOcError(error));
        }
      }
    },
  );
  return spans.map((_, m) => (errors[m] === undefined ? { alerts: alerts[m]! } : { error: errors[m]! }));
}
