import type { Category, Level, MappingSnapshot, Priority, Severity } from "@opsconductor/sdk";
import type { Db } from "../store/database.ts";
import { cachedStatement } from "../store/statements.ts";

/** Impact (from device criticality) and urgency (from severity) share these levels. */
export type { Level, Priority } from "@opsconductor/sdk";
/** Key of the impact × urgency matrix: `${impact}/${urgency}`. */
export type PriorityKey = `${Level}/${Level}`;

/** The connector type whose rows apply to every type unless a type-specific row overrides them. */
export const ANY_CONNECTOR_TYPE = "*";

/** How alerts of one connector type are fingerprinted and grouped (`deduplication_rules`). */
export interface DedupRule {
  /** The row's connector type: the type itself, or `*` when the default rule applies. */
  connectorType: string;
  fields: readonly string[];
  /** An open alert silent for longer than this expires; 0 = never. */
  windowS: number;
}

/** An `alert_type_templates` row. */
export interface AlertTypeTemplate {
  alertType: string;
  titleTemplate: string;
  /** Overrides the urgency derived from the severity. */
  urgency: Level | null;
  description: string | null;
}

/** Everything the AlertManager needs about one connector type, read once and cached. */
export interface ConnectorMappings {
  connectorType: string;
  /** The SDK form, as normalizers receive it (plain data, copyable into a sandbox). */
  snapshot: MappingSnapshot;
  dedup: DedupRule;
  /** alert_type → template. */
  templates: ReadonlyMap<string, AlertTypeTemplate>;
  /** impact/urgency → priority; the rows of the type override the `*` rows. */
  priorities: ReadonlyMap<PriorityKey, Priority>;
}

/** Used when the `*` dedup row was deleted: the DESIGN §10 default key, one day window. */
export const FALLBACK_DEDUP_RULE: DedupRule = {
  connectorType: ANY_CONNECTOR_TYPE,
  fields: ["connector_id", "device_ip", "alert_type_base", "resource"],
  windowS: 86_400,
};

interface SeverityRow { alert_type: string; severity: Severity; enabled: number; is_clear: number | null; clears: string | null }
interface CategoryRow { alert_type: string; category: Category }
interface DedupRow { connector_type: string; fields_json: string; window_s: number }
interface TemplateRow { alert_type: string; title_template: string; urgency: Level | null; description: string | null }
interface PriorityRow { impact: Level; urgency: Level; priority: Priority }

// `*` rows sort first so that the type's own rows, read later, override them.
const TYPE_LAST = "ORDER BY connector_type = ?";

/**
 * The SDK mapping snapshot of one connector type: the `*` rows merged with the
 * type's own rows (which win). This is what a normalizer is constructed with.
 */
export function loadMappingSnapshot(db: Db, connectorType: string): MappingSnapshot {
  const snapshot: MappingSnapshot = { connector_type: connectorType, severity: {}, category: {} };
  const severityRows = cachedStatement(db,
    `SELECT alert_type, severity, enabled, is_clear, clears FROM severity_mappings
     WHERE connector_type IN ('*', ?) ${TYPE_LAST}`,
  ).all(connectorType, connectorType) as SeverityRow[];
  for (const row of severityRows) {
    const entry: MappingSnapshot["severity"][string] = { severity: row.severity };
    if (!row.enabled) entry.enabled = false;
    if (row.is_clear !== null) entry.clear = row.is_clear === 1;
    if (row.clears) entry.clears = row.clears;
    snapshot.severity[row.alert_type] = entry;
  }
  const categoryRows = cachedStatement(db,
    `SELECT alert_type, category FROM category_mappings WHERE connector_type IN ('*', ?) ${TYPE_LAST}`,
  ).all(connectorType, connectorType) as CategoryRow[];
  for (const row of categoryRows) {
    if (row.alert_type === ANY_CONNECTOR_TYPE) snapshot.default_category = row.category;
    else snapshot.category[row.alert_type] = row.category;
  }
  return snapshot;
}

/** Reads the dedup rule, templates and priority matrix of one connector type, with its snapshot. */
export function loadConnectorMappings(db: Db, connectorType: string): ConnectorMappings {
  const templates = new Map<string, AlertTypeTemplate>();
  const templateRows = cachedStatement(db,
    `SELECT alert_type, title_template, urgency, description FROM alert_type_templates
     WHERE connector_type IN ('*', ?) ${TYPE_LAST}`,
  ).all(connectorType, connectorType) as TemplateRow[];
  for (const row of templateRows) {
    templates.set(row.alert_type, {
      alertType: row.alert_type, titleTemplate: row.title_template, urgency: row.urgency, description: row.description,
    });
  }
  const priorities = new Map<PriorityKey, Priority>();
  const priorityRows = cachedStatement(db,
    `SELECT impact, urgency, priority FROM priority_rules WHERE connector_type IN ('*', ?) ${TYPE_LAST}`,
  ).all(connectorType, connectorType) as PriorityRow[];
  for (const row of priorityRows) priorities.set(`${row.impact}/${row.urgency}`, row.priority);
  return {
    connectorType,
    snapshot: loadMappingSnapshot(db, connectorType),
    dedup: loadDedupRule(db, connectorType),
    templates,
    priorities,
  };
}

function loadDedupRule(db: Db, connectorType: string): DedupRule {
  const row = cachedStatement(db,
    `SELECT connector_type, fields_json, window_s FROM deduplication_rules
     WHERE connector_type IN ('*', ?) ORDER BY connector_type = ? DESC LIMIT 1`,
  ).get(connectorType, connectorType) as DedupRow | undefined;
  if (!row) return FALLBACK_DEDUP_RULE;
  const fields = parseFields(row.fields_json);
  // A row an admin emptied or broke would merge every alert of the type into one: keep the default key instead.
  return {
    connectorType: row.connector_type,
    fields: fields.length > 0 ? fields : FALLBACK_DEDUP_RULE.fields,
    windowS: Math.max(0, row.window_s),
  };
}

function parseFields(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((field): field is string => typeof field === "string" && field !== "") : [];
  } catch {
    return [];
  }
}

/**
 * A per-connector-type cache of {@link ConnectorMappings}. Mapping rows change only
 * through admin edits, so they are read once and kept until {@link invalidate}
 * (the API calls `AlertManager.invalidateMappings()` after an edit).
 */
export class MappingCache {
  readonly #db: Db;
  readonly #byType = new Map<string, ConnectorMappings>();

  constructor(db: Db) {
    this.#db = db;
  }

  get(connectorType: string): ConnectorMappings {
    let mappings = this.#byType.get(connectorType);
    if (!mappings) {
      mappings = loadConnectorMappings(this.#db, connectorType);
      this.#byType.set(connectorType, mappings);
    }
    return mappings;
  }

  /** The SDK snapshot for a normalizer of `connectorType`. */
  snapshot(connectorType: string): MappingSnapshot {
    return this.get(connectorType).snapshot;
  }

  invalidate(): void {
    this.#byType.clear();
  }
}
