import { CATEGORIES, LEVELS, PRIORITIES, SEVERITIES } from "../../../../sdk/src/alerts/model.ts";
import type { MappingRow } from "../../api/types.ts";

/** How a column is edited. */
export type FieldKind =
  | { type: "text"; required?: boolean; nullable?: boolean; placeholder?: string; mono?: boolean }
  | { type: "select"; options: readonly string[]; nullable?: boolean; nullLabel?: string }
  | { type: "bool" }
  /** true / false / null ("auto"). */
  | { type: "tristate"; nullLabel: string }
  /** A string array, edited comma-separated. */
  | { type: "list"; placeholder?: string }
  | { type: "int"; min?: number; max?: number };

export interface Column {
  key: string;
  label: string;
  kind: FieldKind;
  /** Value of the field in a new row's form. */
  initial?: string | boolean;
  title?: string;
}

export interface TableSpec {
  /** URL segment: /mappings/<kind>. */
  kind: string;
  label: string;
  description: string;
  columns: readonly Column[];
}

const connectorType: Column = {
  key: "connector_type", label: "Connector type", kind: { type: "text", required: true, placeholder: "* or e.g. prtg", mono: true }, initial: "*",
  title: "'*' applies to every connector type",
};
const alertType: Column = { key: "alert_type", label: "Alert type", kind: { type: "text", required: true, placeholder: "e.g. link_down", mono: true } };

/** The five mapping tables (DESIGN §5), matching the bodies of /api/v1/mappings/<kind>. */
export const TABLE_SPECS: readonly TableSpec[] = [
  {
    kind: "severity",
    label: "Severity",
    description: "Severity of each alert type; disable an alert type to drop its events; mark clears that do not pair by name.",
    columns: [
      connectorType, alertType,
      { key: "severity", label: "Severity", kind: { type: "select", options: SEVERITIES }, initial: "warning" },
      { key: "enabled", label: "Enabled", kind: { type: "bool" }, initial: true },
      { key: "is_clear", label: "Clear?", kind: { type: "tristate", nullLabel: "by name" }, title: "Whether this type clears a problem; 'by name' uses the _up/_ok/_restored… suffix" },
      { key: "clears", label: "Clears", kind: { type: "text", nullable: true, placeholder: "problem type", mono: true } },
    ],
  },
  {
    kind: "category",
    label: "Category",
    description: "Category of each alert type; alert type '*' sets a connector type's default category.",
    columns: [connectorType, alertType, { key: "category", label: "Category", kind: { type: "select", options: CATEGORIES }, initial: "network" }],
  },
  {
    kind: "priority",
    label: "Priority",
    description: "Impact (device criticality) × urgency (severity) → priority P1…P5.",
    columns: [
      connectorType,
      { key: "impact", label: "Impact", kind: { type: "select", options: LEVELS }, initial: "medium" },
      { key: "urgency", label: "Urgency", kind: { type: "select", options: LEVELS }, initial: "medium" },
      { key: "priority", label: "Priority", kind: { type: "select", options: PRIORITIES }, initial: "P3" },
    ],
  },
  {
    kind: "alert-types",
    label: "Alert types",
    description: "Title templates ({device_name}, {device_ip}, {resource}, {metrics.x}) and urgency overrides per alert type.",
    columns: [
      connectorType, alertType,
      { key: "title_template", label: "Title template", kind: { type: "text", required: true, placeholder: "{device_name}: link down" } },
      { key: "urgency", label: "Urgency", kind: { type: "select", options: LEVELS, nullable: true, nullLabel: "from severity" } },
      { key: "description", label: "Description", kind: { type: "text", nullable: true } },
    ],
  },
  {
    kind: "dedup",
    label: "Deduplication",
    description: "Fingerprint fields and window per connector type; a repeat within the window bumps the open alert.",
    columns: [
      connectorType,
      { key: "fields", label: "Fingerprint fields", kind: { type: "list", placeholder: "device_ip, alert_type_base, resource" }, initial: "connector_id, device_ip, alert_type_base, resource" },
      { key: "window_s", label: "Window (s)", kind: { type: "int", min: 0, max: 31_536_000 }, initial: "86400" },
    ],
  },
];

export function specOf(kind: string | null | undefined): TableSpec {
  return TABLE_SPECS.find((spec) => spec.kind === kind) ?? TABLE_SPECS[0]!;
}

/** Form state: text inputs hold strings, checkboxes booleans. */
export type FormValues = Record<string, string | boolean>;

/** The form of an empty new row. */
export function emptyForm(spec: TableSpec): FormValues {
  const form: FormValues = {};
  for (const column of spec.columns) {
    form[column.key] = column.initial ?? (column.kind.type === "bool" ? false : column.kind.type === "select" && !column.kind.nullable ? column.kind.options[0]! : "");
  }
  return form;
}

/** The form of an existing row. */
export function rowToForm(spec: TableSpec, row: MappingRow): FormValues {
  const form: FormValues = {};
  for (const column of spec.columns) {
    const value = row[column.key];
    switch (column.kind.type) {
      case "bool": form[column.key] = value === true || value === 1; break;
      case "tristate": form[column.key] = value === true ? "true" : value === false ? "false" : ""; break;
      case "list": form[column.key] = Array.isArray(value) ? value.join(", ") : ""; break;
      default: form[column.key] = value === null || value === undefined ? "" : String(value);
    }
  }
  return form;
}

export type FormResult = { ok: true; body: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** Validates a form and builds the POST/PUT body (PUT replaces the whole row, so every field is sent). */
export function formToBody(spec: TableSpec, form: FormValues): FormResult {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const column of spec.columns) {
    const raw = form[column.key];
    const text = typeof raw === "string" ? raw.trim() : "";
    const kind = column.kind;
    switch (kind.type) {
      case "bool":
        body[column.key] = raw === true;
        break;
      case "tristate":
        body[column.key] = text === "true" ? true : text === "false" ? false : null;
        break;
      case "select":
        if (text === "") {
          if (kind.nullable) body[column.key] = null;
          else errors[column.key] = "required";
        } else if (!kind.options.includes(text)) {
          errors[column.key] = `one of ${kind.options.join(", ")}`;
        } else {
          body[column.key] = text;
        }
        break;
      case "text":
        if (text === "") {
          if (kind.required) errors[column.key] = "required";
          else if (kind.nullable) body[column.key] = null;
        } else {
          body[column.key] = text;
        }
        break;
      case "list": {
        const items = [...new Set(text.split(/[,\s]+/).filter((item) => item !== ""))];
        if (items.length === 0) errors[column.key] = "at least one";
        else body[column.key] = items;
        break;
      }
      case "int": {
        const value = /^\d+$/.test(text) ? Number(text) : NaN;
        if (!Number.isSafeInteger(value) || (kind.min !== undefined && value < kind.min) || (kind.max !== undefined && value > kind.max)) {
          errors[column.key] = `a whole number${kind.min !== undefined ? ` from ${kind.min}` : ""}${kind.max !== undefined ? ` to ${kind.max}` : ""}`;
        } else {
          body[column.key] = value;
        }
        break;
      }
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body };
}

/** How a cell shows a value in read mode. */
export function displayValue(column: Column, value: unknown): string {
  if (column.kind.type === "tristate") return value === true ? "yes" : value === false ? "no" : column.kind.nullLabel;
  if (column.kind.type === "bool") return value ? "yes" : "no";
  if (column.kind.type === "select" && (value === null || value === undefined)) return column.kind.nullLabel ?? "—";
  if (Array.isArray(value)) return value.join(", ");
  if (value === null || value === undefined || value === "") return "—";
  return String(value);
}

/** Client-side filter of the rows shown (substring over every spec column). */
export function rowMatches(spec: TableSpec, row: MappingRow, needle: string): boolean {
  const text = needle.trim().toLowerCase();
  if (!text) return true;
  return spec.columns.some((column) => displayValue(column, row[column.key]).toLowerCase().includes(text));
}
