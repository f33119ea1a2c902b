import type { RawEvent } from "../alerts/model.ts";
import type { ConnectionTestResult, Ctx, Device, PollResult, PushMessage, Target } from "./types.ts";

/**
 * What an addon's connector extends. It is stateless between polls except
 * through `ctx.state`; every network call goes through `ctx` capabilities.
 *
 * @example
 * class UpsConnector extends BaseConnector {
 *   async testConnection(ctx: Ctx) {
 *     await ctx.snmp.get(ctx.targets[0]!.id, ["1.3.6.1.2.1.1.1.0"]);
 *     return { ok: true, message: "reachable" };
 *   }
 *   async poll(ctx: Ctx) {
 *     const events = [];
 *     for (const t of ctx.targets) events.push(this.createAlert(t, "on_battery", { runtime_s: 900 }));
 *     return { events, snapshot: true, targets: ctx.targets.map((t) => ({ id: t.id, ok: true })) };
 *   }
 * }
 */
export abstract class BaseConnector {
  /** Checks credentials and reachability; `code` tells auth failures from unreachable ones. */
  abstract testConnection(ctx: Ctx): Promise<ConnectionTestResult>;

  /** Returns the raw events found now, and each target's outcome. */
  abstract poll(ctx: Ctx): Promise<PollResult>;

  /** Inventory of the devices behind this source (for `device_sync` addons). */
  syncDevices?(ctx: Ctx): Promise<Device[]>;

  /**
   * One device, by the `external_id` `syncDevices` gave it: called when an operator refreshes
   * the device (`POST /api/v1/devices/:id/refresh`), and written to its row as a sync writes it.
   * Return `null` when the source no longer knows the device (the host keeps the row).
   *
   * @example
   * async getDeviceInfo(ctx: Ctx, externalId: string) {
   *   const response = await ctx.http.request(ctx.targets[0]!.id, { path: `/api/devices/${encodeURIComponent(externalId)}` });
   *   if (response.status === 404) return null;
   *   const found = JSON.parse(response.body) as { name: string; address: string };
   *   return { external_id: externalId, name: found.name, ip: found.address };
   * }
   */
  getDeviceInfo?(ctx: Ctx, externalId: string): Promise<Device | null>;

  /** Turns a pushed trap or webhook message into raw events. */
  receive?(ctx: Ctx, message: PushMessage): Promise<RawEvent[]>;

  /**
   * Builds a raw event with the standard fields for `target`.
   *
   * @example
   * this.createAlert(target, "link_down", { ifIndex: 3 }, { resource: "ifIndex:3" });
   */
  protected createAlert(
    target: Target,
    alertType: string,
    metrics: Record<string, unknown>,
    extra: { resource?: string; message?: string; timestamp?: string; device_ip?: string; device_name?: string } = {},
  ): RawEvent {
    return createAlert(target, alertType, metrics, extra);
  }
}

/**
 * The standard raw event builder, also usable outside a connector class.
 *
 * @example
 * createAlert({ id: "ups1", host: "10.0.0.5", name: "UPS 1" }, "on_battery", { charge: 80 });
 */
export function createAlert(
  target: Target,
  alertType: string,
  metrics: Record<string, unknown>,
  extra: { resource?: string; message?: string; timestamp?: string; device_ip?: string; device_name?: string } = {},
): RawEvent {
  const event: RawEvent = {
    alert_type: alertType,
    device_ip: extra.device_ip ?? target.host,
    device_name: extra.device_name ?? target.name,
    target: target.id,
    timestamp: extra.timestamp ?? new Date().toISOString(),
    metrics,
  };
  if (extra.resource !== undefined) event.resource = extra.resource;
  if (extra.message !== undefined) event.message = extra.message;
  return event;
}
