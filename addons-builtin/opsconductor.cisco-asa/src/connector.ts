import {
  BaseConnector, OcError,
  type ConnectionTestResult, type Ctx, type PollResult, type RawEvent, type TargetOutcome,
} from "@opsconductor/sdk";
import {
  cpuObservation, failoverMemory, failoverObservations, FAILOVER_RESOURCE, interfaceObservations, memoryObservation,
  roleChange, vpnObservations, type FailoverMemory,
} from "./checks.ts";
import { AsaCodes, outcomeCodeOf } from "./codes.ts";
import { parseFailover } from "./failover.ts";
import { parseInterfaces } from "./interfaces.ts";
import { eventsOf, problemKey, type Observation } from "@opsconductor/sdk";
import { parseCpu, parseMemory } from "./resources.ts";
import { settingsOf, vpnPeersOf, type AsaSettings, type AsaTarget } from "./settings.ts";
import { parseIsakmpSa, parseVpnSessiondb } from "./vpn.ts";

const PAGER_OFF = "terminal pager 0";
const ENABLE_SECRET = "enable_password";

/** What is kept in ctx.state per target between polls. */
interface TargetMemory {
  /** Problem keys raised at the last poll (to send one clear when each turns healthy). */
  active: string[];
  failover?: FailoverMemory;
}

/**
 * Cisco ASA over SSH: one interactive session per target and poll (enable, `terminal pager 0`,
 * then the show commands), parsed into failover, interface, CPU, memory and L2L tunnel
 * alerts. A snapshot per ok target: what is no longer reported resolves.
 */
export class AsaConnector extends BaseConnector {
  async testConnection(ctx: Ctx): Promise<ConnectionTestResult> {
    if (ctx.targets.length === 0) return { ok: false, code: "ASA_NO_TARGETS", message: "configure at least one ASA" };
    const settings = settingsOf(ctx.config);
    const failures: string[] = [];
    let code: string | undefined;
    for (const target of ctx.targets) {
      try {
        const [version] = await this.#session(ctx, target.id, ["show version"], settings);
        const line = /Version\s+\S+/.exec(version ?? "")?.[0];
        if (!line) throw new OcError(AsaCodes.ASA_UNEXPECTED_OUTPUT, "'show version' did not answer like an ASA");
      } catch (error) {
        code ??= outcomeCodeOf(error);
        failures.push(`${target.name}: ${(error as Error).message}`);
      }
    }
    if (failures.length > 0) return { ok: false, code: code!, message: failures.join("; ") };
    return { ok: true, message: `logged in and reached privileged mode on ${ctx.targets.length} ASA(s)` };
  }

  async poll(ctx: Ctx): Promise<PollResult> {
    const settings = settingsOf(ctx.config);
    const results = await Promise.all(ctx.targets.map(async (target): Promise<{ events: RawEvent[]; outcome: TargetOutcome }> => {
      try {
        return { events: await this.#pollTarget(ctx, target as AsaTarget, settings), outcome: { id: target.id, ok: true } };
      } catch (error) {
        return { events: [], outcome: { id: target.id, ok: false, code: outcomeCodeOf(error), message: (error as Error).message } };
      }
    }));
    return { events: results.flatMap((result) => result.events), snapshot: true, targets: results.map((result) => result.outcome) };
  }

  #session(ctx: Ctx, targetId: string, commands: string[], settings: AsaSettings): Promise<string[]> {
    return ctx.ssh.shell(targetId, commands, {
      ...(settings.useEnable && { enable: { secret: ENABLE_SECRET } }), disablePager: PAGER_OFF,
    });
  }

  async #pollTarget(ctx: Ctx, target: AsaTarget, settings: AsaSettings): Promise<RawEvent[]> {
    const peers = vpnPeersOf(target);
    const commands = ["show failover", "show interface ip brief", "show cpu usage", "show memory"];
    if (peers.length > 0) commands.push(settings.vpnCommand);
    const outputs = await this.#session(ctx, target.id, commands, settings);
    const output = (command: string) => outputs[commands.indexOf(command)] ?? "";

    const failover = parsed("show failover", output("show failover"), parseFailover);
    const interfaces = parsed("show interface ip brief", output("show interface ip brief"), parseInterfaces);
    const cpu = parsed("show cpu usage", output("show cpu usage"), parseCpu);
    const memory = parsed("show memory", output("show memory"), parseMemory);

    const memoryKey = `target:${target.id}`;
    const previous = (await ctx.state.get<TargetMemory>(memoryKey)) ?? { active: [] };
    const wasActive = (problem: string) => previous.active.includes(problemKey({ problem }));
    const observations: Observation[] = [
      ...failoverObservations(failover, target.expect_failover === true, previous.failover),
      ...interfaceObservations(interfaces),
      cpuObservation(cpu, settings.cpuPercent, wasActive("high_cpu")),
      memoryObservation(memory, settings.memoryPercent, wasActive("high_memory")),
    ];
    if (peers.length > 0) {
      const parse = settings.vpnCommand === "show vpn-sessiondb l2l" ? parseVpnSessiondb : parseIsakmpSa;
      observations.push(...vpnObservations(peers, parsed(settings.vpnCommand, output(settings.vpnCommand), parse), settings.vpnCommand));
    }

    const at = ctx.now();
    const { events, active } = eventsOf(target, observations, previous.active, at);
    const change = roleChange(failover, previous.failover);
    if (change) {
      events.unshift(this.createAlert(target, change.type, change.metrics, { resource: FAILOVER_RESOURCE, message: change.message, timestamp: at }));
    }
    await ctx.state.set(memoryKey, { active, failover: failoverMemory(failover) } satisfies TargetMemory);
    return events;
  }
}

/** The parser's result, or ASA_UNEXPECTED_OUTPUT naming the command and its first line. */
function parsed<T>(command: string, output: string, parse: (output: string) => T | null): T {
  const result = parse(output);
  if (result !== null) return result;
  const lines = output.split("\n").map((line) => line.trim()).filter(Boolean);
  const telling = lines.find((line) => /ERROR|Invalid|denied/i.test(line)) ?? lines[0] ?? "(nothing)";
  throw new OcError(AsaCodes.ASA_UNEXPECTED_OUTPUT, `'${command}' answered: ${telling.slice(0, 200)}`);
}
