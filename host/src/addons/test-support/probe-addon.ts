// Test support: the source of "acme.probe", a small addon that exercises the platform: it polls
// its targets over HTTP with a password the broker injects, receives webhooks and traps, syncs
// devices and looks one up, and reports what it can see of its own ctx (to prove secrets never get in).

export interface ProbeOptions {
  id?: string;
  version?: string;
  /** Marks this version's alerts (an upgrade's behaviour is visible). */
  flavour?: string;
  migrations?: Record<string, string>;
  /** False: the connector has no getDeviceInfo, as an addon written before the host called it. */
  getDeviceInfo?: boolean;
  manifest?: Record<string, unknown>;
}

export const PROBE_ID = "acme.probe";

export function probeManifest(options: ProbeOptions = {}): Record<string, unknown> {
  return {
    id: options.id ?? PROBE_ID,
    name: "Acme probe",
    version: options.version ?? "1.0.0",
    category: "device",
    description: "A test addon.",
    publisher: "Acme",
    core: "^0.1.0",
    runtime: "isolate",
    capabilities: ["polling", "webhooks", "traps", "device_sync"],
    permissions: ["http", "traps"],
    config_schema: {
      type: "object",
      required: ["targets", "username", "password"],
      properties: {
        targets: {
          type: "array", "x-widget": "targets", minItems: 1,
          items: { type: "object", required: ["host"], properties: { id: { type: "string" }, host: { type: "string" }, port: { type: "integer" }, name: { type: "string" } } },
        },
        username: { type: "string", minLength: 1 },
        password: { type: "string", minLength: 1, sensitive: true, "x-widget": "credentials" },
        trap_community: { type: "string", sensitive: true },
        trap_user: { type: "string" },
        trap_auth_key: { type: "string", sensitive: true },
        trap_priv_key: { type: "string", sensitive: true },
        poll_interval_s: { type: "integer", minimum: 10, default: 120, "x-widget": "poll-interval" },
        site: { type: "string", default: "hq" },
      },
      additionalProperties: false,
    },
    schedules: [{ name: "inventory", cron: "0 * * * *", job: "device_sync" }],
    ...options.manifest,
  };
}

export function probeSource(options: ProbeOptions = {}): string {
  const flavour = JSON.stringify(options.flavour ?? "v1");
  // Its devices are its targets (as its sync lists them): a lookup asks that target for its status.
  const getDeviceInfo = options.getDeviceInfo === false ? "" : `
  override async getDeviceInfo(ctx: Ctx, externalId: string): Promise<Device | null> {
    const target = ctx.targets.find((candidate) => candidate.id === externalId);
    if (!target) return null;
    const response = await ctx.http.request(target.id, { path: "/status", auth: AUTH });
    return { external_id: target.id, name: target.name, ip: target.host, vendor: "Acme", model: "Probe " + FLAVOUR,
      status: response.status === 200 ? "up" : "HTTP " + response.status };
  }
`;
  return `
import { BaseConnector, BaseNormalizer, defineAddon } from "@opsconductor/sdk";
import type { Ctx, PollResult, PushMessage, RawEvent, NormalizedAlert, Device } from "@opsconductor/sdk";

const FLAVOUR = ${flavour};
const AUTH = { type: "basic" as const, username: "username", password: { secret: "password" } };

/** Everything the sandbox can see of its instance: what a leak test searches for secrets. */
function visible(ctx: Ctx): string {
  const seen: Record<string, unknown> = { config: ctx.config, targets: ctx.targets, keys: Object.keys(ctx) };
  for (const key of Object.keys(ctx)) {
    const value = (ctx as unknown as Record<string, unknown>)[key];
    if (value && typeof value === "object") seen["own:" + key] = Object.keys(value);
  }
  seen.globals = Object.getOwnPropertyNames(globalThis).filter((name) => /secret|password|env|process/i.test(name));
  return JSON.stringify(seen);
}

class ProbeConnector extends BaseConnector {
  async testConnection(ctx: Ctx) {
    const response = await ctx.http.request(ctx.targets[0]!.id, { path: "/status", auth: AUTH });
    return response.status === 200 ? { ok: true, message: "reachable" } : { ok: false, code: "AUTH_FAILED", message: "HTTP " + response.status };
  }

  async poll(ctx: Ctx): Promise<PollResult> {
    const events: RawEvent[] = [];
    const targets = [];
    for (const target of ctx.targets) {
      const response = await ctx.http.request(target.id, { path: "/alarms", auth: AUTH });
      if (response.status !== 200) {
        targets.push({ id: target.id, ok: false, code: "HTTP_" + response.status, message: response.body.slice(0, 100) });
        continue;
      }
      for (const alarm of JSON.parse(response.body) as Array<{ type: string; object: string }>) {
        events.push(this.createAlert(target, alarm.type, { flavour: FLAVOUR, site: ctx.config.site }, { resource: alarm.object, message: visible(ctx) }));
      }
      targets.push({ id: target.id, ok: true });
    }
    return { events, snapshot: true, targets };
  }

  override async receive(ctx: Ctx, message: PushMessage): Promise<RawEvent[]> {
    const target = ctx.targets[0]!;
    if (message.kind === "trap") {
      // A trap that keeps the sandbox busy, so a test can act on the connector meanwhile.
      if (message.trapOid === "1.3.6.1.4.1.99999.0.600") for (const until = Date.now() + 600; Date.now() < until;);
      return [this.createAlert(target, "trap_received", { trapOid: message.trapOid, version: message.version, source: message.source.address },
        { device_ip: message.source.address, resource: message.trapOid, message: JSON.stringify(message) })];
    }
    const body = message.body as { type?: string; resource?: string; busy_ms?: number };
    // A delivery that keeps the sandbox busy, so a test can act on the connector meanwhile.
    if (typeof body.busy_ms === "number") for (const until = Date.now() + body.busy_ms; Date.now() < until;);
    return [this.createAlert(target, body.type ?? "webhook_event", { flavour: FLAVOUR, headers: Object.keys(message.headers) },
      { resource: body.resource ?? "none", message: visible(ctx) })];
  }

  override async syncDevices(ctx: Ctx): Promise<Device[]> {
    return ctx.targets.map((target) => ({ external_id: target.id, name: target.name, ip: target.host, vendor: "Acme" }));
  }
${getDeviceInfo}}

class ProbeNormalizer extends BaseNormalizer {
  override readonly defaultCategory = "network" as const;
  normalize(raw: RawEvent): NormalizedAlert | null {
    if (!this.isEventEnabled(raw.alert_type)) return null;
    return this.build(raw, { title: FLAVOUR + ": " + raw.device_name + " " + raw.alert_type });
  }
}

export default defineAddon({ connector: ProbeConnector, normalizer: ProbeNormalizer });
`;
}
