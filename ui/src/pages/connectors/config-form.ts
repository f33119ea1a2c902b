import { parseInput, toInputValue, type InputValue } from "./field-values.ts";
import type { ConfigField, InputField } from "./schema-fields.ts";

/** One row of a rows field, or a group's inputs: input values by property. */
export type InputRow = Record<string, InputValue>;

/** The form's state: per config property, an input's value, a rows field's rows, or a group's inputs (JSON fields: their text). */
export type FormValues = Record<string, InputValue | InputRow[] | InputRow>;

/** Field problems keyed by JSON pointer (`/targets/0/host`), the way the host's validation names them. */
export type FieldErrors = Record<string, string>;

/** The JSON pointer of a config property path (RFC 6901 escaping). */
export function pointerOf(...path: Array<string | number>): string {
  return path.map((part) => `/${String(part).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function rowOf(columns: readonly InputField[], value: unknown): InputRow {
  const source = isRecord(value) ? value : {};
  return Object.fromEntries(columns.map((column) => [column.key, toInputValue(column, source[column.key])]));
}

/** A new row of a rows field: its columns' defaults. */
export function emptyRow(columns: readonly InputField[]): InputRow {
  return rowOf(columns, undefined);
}

function initialValue(field: ConfigField, value: unknown): InputValue | InputRow[] | InputRow {
  switch (field.kind) {
    case "input":
      // Secrets never come back from the API: their input starts empty.
      return field.sensitive ? "" : toInputValue(field, value);
    case "rows": {
      if (Array.isArray(value)) return value.map((item) => rowOf(field.columns, item));
      // A list that must not be empty starts with one blank row to fill in.
      return field.required || (field.minItems ?? 0) > 0 ? [emptyRow(field.columns)] : [];
    }
    case "group":
      return rowOf(field.fields, value);
    case "json": {
      const shown = value === undefined ? field.default : value;
      return shown === undefined ? "" : JSON.stringify(shown, null, 2);
    }
  }
}

/** The form of a new connector (the schema's defaults), or of an existing one's stored (non-secret) config. */
export function initialValues(fields: readonly ConfigField[], config: Readonly<Record<string, unknown>> = {}): FormValues {
  return Object.fromEntries(fields.map((field) => [field.key, initialValue(field, config[field.key])]));
}

/** Checks a row of inputs into an object (empty inputs left out), recording problems under `path`. */
function objectOf(inputs: readonly InputField[], row: InputRow, path: Array<string | number>, errors: FieldErrors): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const input of inputs) {
    const parsed = parseInput(input, row[input.key] ?? "");
    if (!parsed.ok) errors[pointerOf(...path, input.key)] = parsed.error;
    else if (parsed.value !== undefined) object[input.key] = parsed.value;
  }
  return object;
}

function configValue(field: ConfigField, value: FormValues[string] | undefined, errors: FieldErrors): unknown {
  const at = pointerOf(field.key);
  switch (field.kind) {
    case "input": {
      const parsed = parseInput(field, typeof value === "string" || typeof value === "boolean" ? value : "");
      if (!parsed.ok) errors[at] = parsed.error;
      return parsed.ok ? parsed.value : undefined;
    }
    case "rows": {
      const rows = Array.isArray(value) ? value : [];
      const minItems = Math.max(field.minItems ?? 0, field.required ? 1 : 0);
      if (rows.length < minItems) errors[at] = minItems === 1 ? "add at least one row" : `add at least ${minItems} rows`;
      else if (field.maxItems !== undefined && rows.length > field.maxItems) errors[at] = `at most ${field.maxItems} rows`;
      const items = rows.map((row, index) => objectOf(field.columns, row, [field.key, index], errors));
      return rows.length > 0 || field.required ? items : undefined;
    }
    case "group": {
      const object = objectOf(field.fields, isRecord(value) ? (value as InputRow) : {}, [field.key], errors);
      // An untouched optional group is left out, so the schema's default (often {}) applies.
      return Object.keys(object).length > 0 || field.required ? object : undefined;
    }
    case "json": {
      const source = typeof value === "string" ? value.trim() : "";
      if (source === "") {
        if (field.required) errors[at] = "required";
        return undefined;
      }
      try {
        return JSON.parse(source) as unknown;
      } catch {
        errors[at] = "not valid JSON";
        return undefined;
      }
    }
  }
}

export type ConfigResult = { ok: true; config: Record<string, unknown> } | { ok: false; errors: FieldErrors };

/** A secret the host holds that the schema does not require: the edit form offers to clear it. */
export function isClearableSecret(field: ConfigField, storedSecrets: readonly string[]): boolean {
  return field.kind === "input" && field.sensitive && !field.required && storedSecrets.includes(field.key);
}

/**
 * Checks the form and builds the `config` of a POST or PUT body. `storedSecrets` (on edit) names
 * the sensitive fields the host already holds: left empty they are left out, which keeps them,
 * unless `clearedSecrets` names them: then they are sent as null, which removes them.
 */
export function formToConfig(fields: readonly ConfigField[], values: FormValues, storedSecrets: readonly string[] = [],
  clearedSecrets: readonly string[] = []): ConfigResult {
  const config: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    if (field.kind === "input" && field.sensitive && values[field.key] === "" && storedSecrets.includes(field.key)) {
      if (clearedSecrets.includes(field.key)) config[field.key] = null;
      continue;
    }
    const value = configValue(field, values[field.key], errors);
    if (value !== undefined) config[field.key] = value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, config };
}

const POLL_INTERVAL_LIMITS = { min: 10, max: 86_400 };

/**
 * The connector's `poll_interval_s` from its poll-interval field. Sent with every save, because
 * an update keeps the stored interval unless the body names one.
 */
export function pollIntervalOf(config: Readonly<Record<string, unknown>>, pollIntervalField: string | null): number | undefined {
  const value = pollIntervalField ? config[pollIntervalField] : undefined;
  return typeof value === "number" && Number.isInteger(value) && value >= POLL_INTERVAL_LIMITS.min && value <= POLL_INTERVAL_LIMITS.max
    ? value : undefined;
}
