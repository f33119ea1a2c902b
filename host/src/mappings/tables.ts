import {
  alertTypeTemplateSchema, categoryMappingSchema, dedupRuleSchema, priorityRuleSchema, severityMappingSchema,
  type AlertTypeTemplateBody, type CategoryMappingBody, type DedupRuleBody, type PriorityRuleBody, type SeverityMappingBody,
} from "./schemas.ts";

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

/**
 * How one mapping table is exposed: its URL segment, its body schema, and the
 * conversions between API bodies and rows (booleans, JSON columns).
 */
/** The five mapping tables of the core schema. */
export type MappingTableName = "severity_mappings" | "category_mappings" | "priority_rules" | "alert_type_templates" | "deduplication_rules";

export interface MappingTable {
  /** URL segment: /api/v1/mappings/<kind>. */
  kind: string;
  table: MappingTableName;
  schema: object;
  /** Columns every row is listed by, before id. */
  orderBy: string;
  /** Body → the columns it sets (origin and updated_at are added by the repository). */
  toColumns(body: never): Row;
  /** Row → API object. */
  fromRow(row: Row): Record<string, unknown>;
  /** Rows the system needs to work; they may be edited but not deleted. */
  isProtected?(row: Row): boolean;
  /**
   * The row's key within its connector type (the table's UNIQUE key without connector_type), as
   * text: what a tombstone of a deleted row records (see mapping_tombstones).
   */
  naturalKey(row: Row): string;
}

const bool = (value: SqlValue | undefined): boolean | null => (value === null || value === undefined ? null : value === 1);
const asBit = (value: boolean | null | undefined): number | null => (value === undefined || value === null ? null : value ? 1 : 0);

const severity: MappingTable = {
  kind: "severity",
  table: "severity_mappings",
  schema: severityMappingSchema,
  orderBy: "connector_type, alert_type",
  toColumns: (b: SeverityMappingBody) => ({
    connector_type: b.connector_type, alert_type: b.alert_type, severity: b.severity,
    enabled: b.enabled === false ? 0 : 1, is_clear: asBit(b.is_clear), clears: b.clears ?? null,
  }),
  fromRow: (row) => ({ ...row, enabled: row.enabled === 1, is_clear: bool(row.is_clear) }),
  naturalKey: (row) => String(row.alert_type),
};

const category: MappingTable = {
  kind: "category",
  table: "category_mappings",
  schema: categoryMappingSchema,
  orderBy: "connector_type, alert_type",
  toColumns: (b: CategoryMappingBody) => ({ connector_type: b.connector_type, alert_type: b.alert_type, category: b.category }),
  fromRow: (row) => ({ ...row }),
  naturalKey: (row) => String(row.alert_type),
};

const priority: MappingTable = {
  kind: "priority",
  table: "priority_rules",
  schema: priorityRuleSchema,
  orderBy: "connector_type, priority, impact, urgency",
  toColumns: (b: PriorityRuleBody) => ({
    connector_type: b.connector_type ?? "*", impact: b.impact, urgency: b.urgency, priority: b.priority,
  }),
  fromRow: (row) => ({ ...row }),
  // Two columns: a JSON array keeps the pair unambiguous.
  naturalKey: (row) => JSON.stringify([row.impact, row.urgency]),
};

const alertTypes: MappingTable = {
  kind: "alert-types",
  table: "alert_type_templates",
  schema: alertTypeTemplateSchema,
  orderBy: "connector_type, alert_type",
  toColumns: (b: AlertTypeTemplateBody) => ({
    connector_type: b.connector_type, alert_type: b.alert_type, title_template: b.title_template,
    urgency: b.urgency ?? null, description: b.description ?? null,
  }),
  fromRow: (row) => ({ ...row }),
  naturalKey: (row) => String(row.alert_type),
};

const dedup: MappingTable = {
  kind: "dedup",
  table: "deduplication_rules",
  schema: dedupRuleSchema,
  orderBy: "connector_type",
  toColumns: (b: DedupRuleBody) => ({ connector_type: b.connector_type, fields_json: JSON.stringify(b.fields), window_s: b.window_s }),
  fromRow: ({ fields_json, ...row }) => ({ ...row, fields: JSON.parse(String(fields_json)) as string[] }),
  // The '*' rule is every connector type's fallback fingerprint.
  isProtected: (row) => row.connector_type === "*",
  // One rule per connector type.
  naturalKey: () => "",
};

export const MAPPING_TABLES: readonly MappingTable[] = [severity, category, priority, alertTypes, dedup];

/** The descriptor of a mapping table by its SQL name. */
export function mappingTable(table: MappingTableName): MappingTable {
  return MAPPING_TABLES.find((candidate) => candidate.table === table)!;
}
