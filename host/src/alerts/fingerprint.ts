import { hash } from "node:crypto";
import { alertTypeBase } from "@opsconductor/sdk";
import type { MappingSnapshot, NormalizedAlert } from "@opsconductor/sdk";

/** Alert fields a dedup rule may name, besides `metrics.<path>` and `raw.<path>`. */
export const FINGERPRINT_FIELDS = [
  "connector_id", "connector_type", "device_ip", "device_name", "alert_type", "alert_type_base",
  "resource", "target", "category", "severity",
] as const;

const PATH_FIELD = /^(metrics|raw)(\.[^.\s]+)+$/;

/** True for a field name a dedup rule may use (for validating admin edits). */
export function isFingerprintField(field: string): boolean {
  return (FINGERPRINT_FIELDS as readonly string[]).includes(field) || PATH_FIELD.test(field);
}

/** Computes the reduction key of an alert of one connector instance. */
export type Fingerprinter = (alert: NormalizedAlert, connectorId: string, mappings: MappingSnapshot) => string;

type FieldReader = (alert: NormalizedAlert, connectorId: string, mappings: MappingSnapshot) => unknown;

const compiled = new Map<string, Fingerprinter>();
const byFieldList = new WeakMap<readonly string[], Fingerprinter>();

/**
 * The fingerprinter for a dedup rule's field list (memoised: rules are few).
 * The key is a sha256 over the field names and their values, truncated to 128 bits.
 * `alert_type_base` pairs a clear with its problem (`link_up` and `link_down` → `link`).
 *
 * @example
 * fingerprinterFor(["connector_id", "device_ip", "alert_type_base", "resource"])(alert, "prtg-1", snapshot);
 */
export function fingerprinterFor(fields: readonly string[]): Fingerprinter {
  let fingerprinter = byFieldList.get(fields);
  if (fingerprinter) return fingerprinter;
  const cacheKey = JSON.stringify(fields);
  fingerprinter = compiled.get(cacheKey);
  if (!fingerprinter) {
    fingerprinter = compile(fields, cacheKey);
    compiled.set(cacheKey, fingerprinter);
  }
  byFieldList.set(fields, fingerprinter);
  return fingerprinter;
}

function compile(fields: readonly string[], prefix: string): Fingerprinter {
  const readers = fields.map(readerOf);
  return (alert, connectorId, mappings) => {
    let key = prefix;
    for (const read of readers) key += keyPart(read(alert, connectorId, mappings));
    return digest(key);
  };
}

function readerOf(field: string): FieldReader {
  switch (field) {
    case "connector_id": return (_alert, connectorId) => connectorId;
    case "alert_type_base": return (alert, _id, mappings) => alertTypeBase(alert.alert_type, mappings);
    default: break;
  }
  if (PATH_FIELD.test(field)) {
    const [root, ...path] = field.split(".");
    return (alert) => readPath(root === "metrics" ? alert.metrics : alert.raw, path);
  }
  return (alert) => (alert as Record<string, unknown>)[field];
}

function readPath(value: unknown, path: readonly string[]): unknown {
  for (const step of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

// Length-prefixed so that no two value lists share a key. Missing values and empty strings are the
// same part: `resource` absent or "" names no sub-object.
function keyPart(value: unknown): string {
  if (value === undefined || value === null || value === "") return "|-";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `|${typeof value === "string" ? "s" : "j"}${text.length}:${text}`;
}

/**
 * The fingerprint of a connector instance's health alert for one target
 * (`null`: the instance as a whole). It does not depend on the alert type, so a
 * target that goes from unreachable to auth-failed keeps one alert.
 */
export function healthFingerprint(connectorId: string, targetId: string | null): string {
  return digest("health" + keyPart(connectorId) + keyPart(targetId));
}

function digest(key: string): string {
  return hash("sha256", key, "hex").slice(0, 32);
}
