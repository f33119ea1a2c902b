/**
 * How much of an alert's free-form content the store keeps. The schema bounds the identifying
 * fields (alert type, device, resource, title); the message, metrics and raw event are the
 * source's text and may be anything an addon returns, up to the sandbox's memory limit. An
 * alert over these bounds is still stored (it is a real problem report), with the excess cut
 * and the cut named in its history, so one runaway addon cannot bloat the database or the
 * pages that list alerts.
 */
export const ALERT_LIMITS = {
  /** Characters of `title` (a template may render a longer one than the schema's bound). */
  title: 1_000,
  /** Characters of `message`. */
  message: 8_192,
  /** Characters of the stored JSON of `metrics`. */
  metricsJson: 16_384,
  /** Characters of the stored JSON of `raw`. */
  rawJson: 65_536,
} as const;

/** What a cut JSON field keeps: its size and its beginning, as text. */
const JSON_HEAD = 2_048;

export type BoundedField = "title" | "message" | "metrics" | "raw";

/** An alert's content as stored, and which fields were cut to get there (null: none, the usual case). */
export interface StoredContent {
  title: string;
  message: string;
  metrics_json: string;
  raw_json: string;
  truncated: BoundedField[] | null;
}

/**
 * The stored form of an alert's free-form content, within {@link ALERT_LIMITS}. Text over its
 * bound keeps its beginning and says how much was cut; JSON over its bound becomes
 * `{"_truncated": {"characters": N, "head": "<the JSON's first characters>"}}`, still an object.
 */
export function storedContent(title: string, message: string, metrics: unknown, raw: unknown): StoredContent {
  let truncated: BoundedField[] | null = null;
  const cut = (field: BoundedField) => (truncated ??= []).push(field);
  if (title.length > ALERT_LIMITS.title) {
    title = cutText(title, ALERT_LIMITS.title);
    cut("title");
  }
  if (message.length > ALERT_LIMITS.message) {
    message = cutText(message, ALERT_LIMITS.message);
    cut("message");
  }
  let metricsJson = JSON.stringify(metrics ?? {});
  if (metricsJson.length > ALERT_LIMITS.metricsJson) {
    metricsJson = cutJson(metricsJson);
    cut("metrics");
  }
  let rawJson = JSON.stringify(raw ?? {});
  if (rawJson.length > ALERT_LIMITS.rawJson) {
    rawJson = cutJson(rawJson);
    cut("raw");
  }
  return { title, message, metrics_json: metricsJson, raw_json: rawJson, truncated };
}

function cutText(text: string, limit: number): string {
  const marker = (kept: number) => ` … [${(text.length - kept).toLocaleString("en-US")} more characters cut]`;
  // The marker's own length depends on how much is cut; the longest it can be bounds what is kept.
  let kept = limit - marker(0).length;
  // Not between the two halves of a surrogate pair: half a character is not text.
  if (isHighSurrogate(text.charCodeAt(kept - 1))) kept--;
  return text.slice(0, kept) + marker(kept);
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

function cutJson(json: string): string {
  return JSON.stringify({ _truncated: { characters: json.length, head: json.slice(0, JSON_HEAD) } });
}
