import { BaseConnector, type ConnectionTestResult, type Ctx, type PollResult, type PushMessage, type RawEvent, type Target } from "@opsconductor/sdk";
import { eventOfTrap } from "./trap-events.ts";

/**
 * A generic SNMP trap receiver. The host owns the UDP listener, checks the community or USM
 * user, translates v1 traps to the v2 form and routes each trap by its source address to the
 * instance whose targets list it; `receive` turns it into a raw event. Nothing to poll.
 */
export class SnmpTrapsConnector extends BaseConnector {
  async testConnection(ctx: Ctx): Promise<ConnectionTestResult> {
    if (ctx.targets.length === 0) return { ok: false, code: "TRAPS_NO_TARGETS", message: "list the devices whose traps this connector takes" };
    return { ok: true, message: `ready: traps from ${ctx.targets.length} device(s) are taken when they present the configured community or user` };
  }

  async poll(): Promise<PollResult> {
    return { events: [], snapshot: false, targets: [] };
  }

  override async receive(ctx: Ctx, message: PushMessage): Promise<RawEvent[]> {
    if (message.kind !== "trap") return [];
    const address = message.source.address;
    const target: Target = ctx.targets.find((candidate) => candidate.host === address || candidate.address === address)
      ?? { id: address, host: address, name: address };
    const event = eventOfTrap(message);
    return [this.createAlert(target, event.alert_type, event.metrics, {
      device_ip: address, message: event.message, timestamp: ctx.now(), ...(event.resource !== undefined && { resource: event.resource }),
    })];
  }
}
