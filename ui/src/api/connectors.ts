// The connector endpoints (DESIGN §6) and the config-schema look-up the connector form is built from.
// Response types are the host's own (type-only imports: erased by esbuild and Node, checked by tsc).
import type { ConnectionTestResult } from "../../../sdk/src/connector/types.ts";
import type { AddonListing } from "../../../host/src/addons/listing.ts";
import type { ConfigFieldProblem } from "../../../host/src/connectors-api/config-problems.ts";
import type { ConnectorRecord } from "../../../host/src/connectors-api/connector-record.ts";
import type { CreateConnectorBody, UpdateConnectorBody } from "../../../host/src/connectors-api/schemas.ts";
import type { ApiClient } from "./client.ts";
import type { RunRecord } from "./types.ts";

export type { AddonListing, ConfigFieldProblem, ConnectionTestResult, ConnectorRecord, CreateConnectorBody, RunRecord, UpdateConnectorBody };

/** A JSON Schema node as an addon's config_schema holds it (draft-07, plus `sensitive` and `x-widget`). */
export type SchemaNode = Readonly<Record<string, unknown>>;

/** GET /addons/:id/config-schema: the schema and the fields the host reads specially. */
export interface ConfigSchemaAnswer {
  id: string;
  version: string;
  config_schema: SchemaNode;
  defaults: Record<string, unknown>;
  sensitive: string[];
  targets_field: string | null;
  poll_interval_field: string | null;
  capabilities: string[];
}

/** POST /connectors answers the record, plus the webhook token for addons that receive webhooks (shown this once). */
export type CreatedConnector = ConnectorRecord & { webhook_token?: string };

export async function listConnectors(client: ApiClient, addonId: string | null, signal?: AbortSignal): Promise<ConnectorRecord[]> {
  return (await client.get<{ items: ConnectorRecord[] }>("/connectors", { addon_id: addonId }, signal)).items;
}

export function getConfigSchema(client: ApiClient, addonId: string, signal?: AbortSignal): Promise<ConfigSchemaAnswer> {
  return client.get<ConfigSchemaAnswer>(`/addons/${encodeURIComponent(addonId)}/config-schema`, undefined, signal);
}

export function createConnector(client: ApiClient, body: CreateConnectorBody): Promise<CreatedConnector> {
  return client.post<CreatedConnector>("/connectors", body);
}

/** PUT: a `config` replaces the stored one, except that sensitive fields left out keep their value (and null removes one). */
export function updateConnector(client: ApiClient, id: string, body: UpdateConnectorBody): Promise<ConnectorRecord> {
  return client.put<ConnectorRecord>(`/connectors/${encodeURIComponent(id)}`, body);
}

export function deleteConnector(client: ApiClient, id: string): Promise<{ id: string; deleted: true }> {
  return client.delete<{ id: string; deleted: true }>(`/connectors/${encodeURIComponent(id)}`);
}

export function testConnector(client: ApiClient, id: string): Promise<ConnectionTestResult> {
  return client.post<ConnectionTestResult>(`/connectors/${encodeURIComponent(id)}/test`);
}

/** Polls now and resolves with the finished run (it can take seconds). */
export function pollConnector(client: ApiClient, id: string): Promise<RunRecord> {
  return client.post<RunRecord>(`/connectors/${encodeURIComponent(id)}/poll`);
}

/** A new webhook token; the old one stops working at once. */
export function rotateWebhookToken(client: ApiClient, id: string): Promise<{ id: string; webhook_token: string }> {
  return client.post<{ id: string; webhook_token: string }>(`/connectors/${encodeURIComponent(id)}/webhook-token`);
}
