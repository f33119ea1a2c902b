import type { FromSchema } from "json-schema-to-ts";
import { MIN_POLL_INTERVAL_S } from "@opsconductor/sdk";

const name = { type: "string", minLength: 1, maxLength: 200 } as const;
// The minimum keeps every poll's deadline (80 % of the interval, the SDK's pollDeadlineMs) at 8 s or more.
const pollInterval = { type: "integer", minimum: MIN_POLL_INTERVAL_S, maximum: 86400 } as const;
const config = { type: "object" } as const;

/** POST /connectors. `config` is checked against the addon's own config_schema afterwards. */
export const createConnectorSchema = {
  type: "object",
  required: ["addon_id", "name"],
  properties: {
    id: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$" },
    addon_id: { type: "string", minLength: 1, maxLength: 128 },
    name,
    enabled: { type: "boolean" },
    poll_interval_s: pollInterval,
    config,
  },
  additionalProperties: false,
} as const;

export interface CreateConnectorBody {
  id?: string;
  addon_id: string;
  name: string;
  enabled?: boolean;
  poll_interval_s?: number;
  config?: Record<string, unknown>;
}

/**
 * PUT /connectors/:id. `config` replaces the non-secret configuration; a sensitive field
 * left out keeps its stored value, `null` clears it (one the schema requires cannot be
 * cleared: the check of the merged config answers CONNECTOR_CONFIG_INVALID naming it).
 */
export const updateConnectorSchema = {
  type: "object",
  properties: { name, enabled: { type: "boolean" }, poll_interval_s: pollInterval, config },
  additionalProperties: false,
} as const;

export interface UpdateConnectorBody {
  name?: string;
  enabled?: boolean;
  poll_interval_s?: number;
  config?: Record<string, unknown>;
}

export const connectorListQuerySchema = {
  type: "object",
  properties: { addon_id: { type: "string", minLength: 1, maxLength: 128 } },
  additionalProperties: false,
} as const;

const count = { type: "integer", minimum: 0 } as const;

/**
 * `counters` of a connector record: today's row of `connector_counters`, zeroed at 00:00 UTC by the
 * counters.reset job. received = created + deduplicated + resolved + dropped_clears + notices;
 * dropped_clears are clears for a key with no unresolved alert. `since` is when counting started
 * (the last reset, or the first count after it); null while the instance has counted nothing.
 */
export const connectorCountersSchema = {
  type: "object",
  required: ["since", "received", "created", "deduplicated", "resolved", "dropped_clears", "notices", "polls", "poll_failures"],
  properties: {
    since: { type: ["string", "null"], format: "date-time" },
    received: count,
    created: count,
    deduplicated: count,
    resolved: count,
    dropped_clears: count,
    notices: count,
    polls: count,
    poll_failures: count,
  },
  additionalProperties: false,
} as const;

export type ConnectorCountersView = FromSchema<typeof connectorCountersSchema>;
