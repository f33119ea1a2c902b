import { BaseConnector, type ConnectionTestResult, type Ctx, type PollResult, type PushMessage, type RawEvent } from "@opsconductor/sdk";
import { eventsOf, type WebhookConfig } from "./events.ts";

/**
 * Nothing to poll: senders push JSON to POST /api/v1/webhooks/<connector id> with the
 * instance's token; `receive` turns each delivery into raw events.
 */
export class WebhookConnector extends BaseConnector {
  async testConnection(): Promise<ConnectionTestResult> {
    return { ok: true, message: "ready: POST JSON events to /api/v1/webhooks/<connector id> with the connector's token" };
  }

  async poll(): Promise<PollResult> {
    return { events: [], snapshot: false, targets: [] };
  }

  override async receive(ctx: Ctx, message: PushMessage): Promise<RawEvent[]> {
    if (message.kind !== "webhook") return [];
    return eventsOf(message.body, ctx.config as WebhookConfig, message.receivedAt);
  }
}
