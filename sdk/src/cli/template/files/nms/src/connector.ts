import {
  BaseConnector,
  type ConnectionTestResult, type Ctx, type Device, type HttpAuth, type PollResult, type RawEvent, type Target, type TargetOutcome,
} from "@opsconductor/sdk";

/** One alarm as the NMS's API returns it: `GET /api/alarms` → `{ "alarms": [...] }`. */
interface ApiAlarm {
  type: string;
  device: string;
  ip: string;
  object?: string;
  text?: string;
  raised_at: string;
}

/** One device of `GET /api/devices` → `{ "devices": [...] }`. */
interface ApiDevice {
  id: string;
  name: string;
  ip?: string;
  model?: string;
}

/** The API token is a secret config field: the host injects it, this code never sees it. */
const AUTH: HttpAuth = { type: "bearer", token: { secret: "api_token" } };

/** Polls the NMS's current alarms (a full snapshot) and syncs its device list. */
export class TemplateAddonConnector extends BaseConnector {
  async testConnection(ctx: Ctx): Promise<ConnectionTestResult> {
    const target = ctx.targets[0];
    if (!target) return { ok: false, code: "NO_TARGET", message: "configure the NMS as a target" };
    const response = await ctx.http.request(target.id, { path: "/api/status", auth: AUTH });
    if (response.status === 401 || response.status === 403) return { ok: false, code: "AUTH_FAILED", message: `the NMS refused the token (HTTP ${response.status})` };
    if (response.status !== 200) return { ok: false, code: "HTTP_ERROR", message: `HTTP ${response.status}` };
    return { ok: true, message: "connected" };
  }

  async poll(ctx: Ctx): Promise<PollResult> {
    const events: RawEvent[] = [];
    const targets: TargetOutcome[] = [];
    for (const target of ctx.targets) {
      try {
        const response = await ctx.http.request(target.id, { path: "/api/alarms", auth: AUTH });
        if (response.status !== 200) {
          targets.push({ id: target.id, ok: false, code: "HTTP_ERROR", message: `HTTP ${response.status}` });
          continue;
        }
        const body = JSON.parse(response.body) as { alarms?: ApiAlarm[] };
        for (const alarm of body.alarms ?? []) events.push(this.toEvent(target, alarm));
        targets.push({ id: target.id, ok: true });
      } catch (error) {
        targets.push({ id: target.id, ok: false, code: "POLL_FAILED", message: (error as Error).message });
      }
    }
    return { events, snapshot: true, targets };
  }

  override async syncDevices(ctx: Ctx): Promise<Device[]> {
    const devices: Device[] = [];
    for (const target of ctx.targets) {
      const response = await ctx.http.request(target.id, { path: "/api/devices", auth: AUTH });
      if (response.status !== 200) throw new Error(`device list: HTTP ${response.status}`);
      const body = JSON.parse(response.body) as { devices?: ApiDevice[] };
      for (const device of body.devices ?? []) {
        const record: Device = { external_id: device.id, name: device.name };
        if (device.ip) record.ip = device.ip;
        if (device.model) record.model = device.model;
        devices.push(record);
      }
    }
    return devices;
  }

  private toEvent(target: Target, alarm: ApiAlarm): RawEvent {
    const extra: { device_ip: string; device_name: string; timestamp: string; resource?: string; message?: string } = {
      device_ip: alarm.ip, device_name: alarm.device, timestamp: alarm.raised_at,
    };
    if (alarm.object) extra.resource = alarm.object;
    if (alarm.text) extra.message = alarm.text;
    return this.createAlert(target, alarm.type, {}, extra);
  }
}
