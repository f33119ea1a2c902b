const name = { type: "string", minLength: 1, maxLength: 200 } as const;
const pollInterval = { type: "integer", minimum: 10, maximum: 86400 } as const;
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
