import { OcError, type NormalizedAlert } from "@opsconductor/sdk";
import type { AlertSink, IngestResult } from "../alerts/types.ts";
import type { ConnectorInstances } from "../addons/instances.ts";
import { getConnectorRow, type ConnectorRow } from "../connectors-api/connector-records.ts";
import { recordFirstPush } from "../connectors/connector-status.ts";
import { hostError } from "../errors.ts";
import type { Db } from "../store/database.ts";
import { iso, type Clock } from "../util/clock.ts";
import { DeliveryGate } from "./delivery-gate.ts";
import { webhookTokenMatches } from "./webhook-token.ts";

/** Headers that carry our credentials or the sender's: never handed to the addon. */
const PRIVATE_HEADERS = new Set(["authorization", "cookie", "x-opsconductor-token", "x-csrf-token", "proxy-authorization"]);

export interface WebhookResult {
  connector_id: string;
  /** Alerts the addon made of the delivery. */
  alerts: number;
  ingest: IngestResult;
}

/**
 * POST /webhooks/:connectorId: checks the instance's token (an unknown connector and a wrong
 * token look the same, 401), admits the delivery (see DeliveryGate), hands the JSON to the
 * addon's `receive` in its sandbox, and ingests the alerts it returns.
 */
export class WebhookReceiver {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #instances: ConnectorInstances;
  readonly #alerts: AlertSink;
  readonly #gate: DeliveryGate;

  constructor(deps: { db: Db; clock: Clock; instances: ConnectorInstances; alerts: AlertSink; gate?: DeliveryGate }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#instances = deps.instances;
    this.#alerts = deps.alerts;
    this.#gate = deps.gate ?? new DeliveryGate();
  }

  /** The connector a token opens; WEBHOOK_TOKEN_INVALID for an unknown connector and a wrong token alike. */
  authenticate(connectorId: string, token: string | undefined): ConnectorRow {
    const row = getConnectorRow(this.#db, connectorId);
    if (!row || !webhookTokenMatches(token, row.webhook_token_hash)) {
      throw hostError("WEBHOOK_TOKEN_INVALID", "unknown connector or wrong webhook token");
    }
    return row;
  }

  /**
   * Takes one delivery: its place at the gate (WEBHOOK_BUSY when the instance has too many in
   * progress, before the body is read), its body (`readBody`: the host's checks; within the
   * gate's upload limit, else WEBHOOK_UPLOAD_TIMEOUT), its turn in
   * the sandbox, where the addon's `receive` gets the sender's text and parses it (a body that
   * is not JSON: BODY_INVALID_JSON; one the addon refuses: WEBHOOK_DELIVERY_REJECTED); then the
   * alerts it makes are ingested.
   */
  async deliver(row: ConnectorRow, headers: Record<string, string>, readBody: () => Promise<string>): Promise<WebhookResult> {
    const admission = this.#gate.admit(row.addon_id, row.id);
    try {
      const bodyText = await admission.upload(readBody);
      const receivedAt = iso(this.#clock.now());
      await admission.turn();
      const visible = Object.fromEntries(Object.entries(headers).filter(([name]) => !PRIVATE_HEADERS.has(name.toLowerCase())));
      const message = { kind: "webhook" as const, headers: visible, bodyText, receivedAt };
      let alerts: NormalizedAlert[];
      try {
        alerts = await this.#instances.operate(row.id, (running) => running.loaded.runtime.receive(running.instanceId, message));
      } catch (error) {
        if (OcError.is(error, "ADDON_MESSAGE_INVALID")) throw hostError("BODY_INVALID_JSON", error.message, undefined, error);
        if (OcError.is(error, "ADDON_MESSAGE_REJECTED")) throw hostError("WEBHOOK_DELIVERY_REJECTED", error.message, undefined, error);
        throw error;
      }
      this.#instances.assertStillRunning(row.id, "its delivery");
      const ingest = this.#alerts.ingest(row.id, alerts);
      if (row.status === "new") recordFirstPush(this.#db, row.id);
      return { connector_id: row.id, alerts: alerts.length, ingest };
    } finally {
      admission.leave();
    }
  }
}
