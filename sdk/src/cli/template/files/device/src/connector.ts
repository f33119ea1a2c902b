import {
  BaseConnector,
  type ConnectionTestResult, type Ctx, type PollResult, type RawEvent, type Target, type TargetOutcome, type Varbind,
} from "@opsconductor/sdk";

const SYS_DESCR = "1.3.6.1.2.1.1.1.0";
const IF_DESCR = "1.3.6.1.2.1.2.2.1.2";
const IF_OPER_STATUS = "1.3.6.1.2.1.2.2.1.8";
const OPER_DOWN = 2;

/** The last sub-identifier of an OID: the ifIndex of an ifTable column. */
function indexOf(varbind: Varbind): string {
  return varbind.oid.slice(varbind.oid.lastIndexOf(".") + 1);
}

/** Reports every interface whose ifOperStatus is down (a full snapshot: interfaces that come back resolve). */
export class TemplateAddonConnector extends BaseConnector {
  async testConnection(ctx: Ctx): Promise<ConnectionTestResult> {
    const target = ctx.targets[0];
    if (!target) return { ok: false, code: "NO_TARGET", message: "configure at least one device" };
    const [descr] = await ctx.snmp.get(target.id, [SYS_DESCR]);
    return { ok: true, message: `reachable: ${String(descr?.value ?? "unknown device")}` };
  }

  async poll(ctx: Ctx): Promise<PollResult> {
    const events: RawEvent[] = [];
    const targets: TargetOutcome[] = [];
    for (const target of ctx.targets) {
      try {
        events.push(...(await this.downInterfaces(ctx, target)));
        targets.push({ id: target.id, ok: true });
      } catch (error) {
        targets.push({ id: target.id, ok: false, code: "SNMP_FAILED", message: (error as Error).message });
      }
    }
    return { events, snapshot: true, targets };
  }

  private async downInterfaces(ctx: Ctx, target: Target): Promise<RawEvent[]> {
    const names = new Map((await ctx.snmp.walk(target.id, IF_DESCR)).map((v) => [indexOf(v), String(v.value)]));
    const status = await ctx.snmp.walk(target.id, IF_OPER_STATUS);
    return status
      .filter((v) => Number(v.value) === OPER_DOWN)
      .map((v) => {
        const ifIndex = indexOf(v);
        const ifDescr = names.get(ifIndex) ?? `ifIndex ${ifIndex}`;
        return this.createAlert(target, "link_down", { ifIndex: Number(ifIndex), ifDescr },
          { resource: `ifIndex:${ifIndex}`, message: `${ifDescr} is down`, timestamp: ctx.now() });
      });
  }
}
