import type { Ctx, Target, Varbind } from "@opsconductor/sdk";
import { isIPv6 } from "node:net";
import { hostError } from "../../errors.ts";
import type { AddressBook } from "../core/address-book.ts";
import type { CallGate } from "../core/call-gate.ts";
import type { FieldResolver } from "../core/field-refs.ts";
import type { StatsRecorder } from "../core/stats.ts";
import { TargetTurns } from "../core/target-turns.ts";
import type { TargetRegistry } from "../core/targets.ts";
import { snmp, type SnmpSession, type SnmpVarbind } from "./net-snmp.ts";
import { mapSnmpError } from "./snmp-errors.ts";
import { snmpSettingsOf } from "./snmp-settings.ts";
import { toPlainVarbind } from "./varbinds.ts";

const OID = /^\.?[0-2](\.\d{1,10}){1,127}$/;
const MAX_OIDS_PER_GET = 64;
const WALK_REPETITIONS = 20;
/**
 * A get, or a walk (its GetBulk pages one after another), to one target in flight at once; the
 * rest wait their turn. Unlimited, ten concurrent walks of an endless table sent 93,555
 * requests to the device and took +306 MB of host heap before all ended BROKER_SNMP_TIMEOUT
 * at 15 s. Four, like the HTTP pool's connections per target.
 */
const REQUESTS_PER_TARGET = 4;
/**
 * What a collected varbind costs the host beyond the characters of its OID and value: 157 B of
 * heap were retained per varbind of a 25-character OID and a small number (32 characters), and
 * its JSON for the sandbox takes 30 more. Counting only the characters, an endless table of
 * short OIDs piled up 253,000 varbinds (+64 MB heap, 12,663 requests) before the 8 MiB cap.
 */
const VARBIND_OVERHEAD_BYTES = 128;

export interface SnmpCapabilityDeps {
  targets: TargetRegistry;
  fields: FieldResolver;
  addresses: AddressBook;
  gate: CallGate;
  stats: StatsRecorder;
  limits: { timeoutMs: number; maxResponseBytes: number };
}

export interface SnmpCapability extends Pick<Ctx, "snmp"> {
  close(): void;
}

/** ctx.snmp: get and subtree walk against the instance's targets, credentials injected host-side. */
export function createSnmpCapability(deps: SnmpCapabilityDeps): SnmpCapability {
  const sessions = new Map<string, Promise<SnmpSession>>();
  const turns = new TargetTurns(REQUESTS_PER_TARGET, deps.limits.timeoutMs, (targetId) => hostError("BROKER_SNMP_TIMEOUT",
    `no turn within ${deps.limits.timeoutMs} ms: ${REQUESTS_PER_TARGET} other SNMP calls to target '${targetId}' were in flight`));

  const sessionFor = (target: Target): Promise<SnmpSession> => {
    let session = sessions.get(target.id);
    if (!session) {
      session = openSession(target);
      sessions.set(target.id, session);
      session.catch(() => sessions.delete(target.id));
    }
    return session;
  };

  async function openSession(target: Target): Promise<SnmpSession> {
    const settings = snmpSettingsOf(target, deps.fields, deps.limits.timeoutMs);
    const { address } = await deps.addresses.resolve(target);
    const options = {
      port: settings.port, retries: settings.retries, timeout: settings.attemptTimeoutMs, backoff: 1,
      transport: isIPv6(address) ? "udp6" as const : "udp4" as const,
    };
    const session = settings.version === "3"
      ? snmp.createV3Session(address, settings.user!, options)
      : snmp.createSession(address, settings.community!, { ...options, version: settings.version === "1" ? snmp.Version1 : snmp.Version2c });
    // A socket error must not crash the host; the pending request fails on its own.
    session.on("error", () => undefined);
    return session;
  }

  async function get(targetId: string, oids: string[]): Promise<Varbind[]> {
    const target = deps.targets.get(targetId);
    if (!Array.isArray(oids) || oids.length === 0 || oids.length > MAX_OIDS_PER_GET) {
      throw hostError("BROKER_REQUEST_INVALID", `ctx.snmp.get takes 1 to ${MAX_OIDS_PER_GET} OIDs`);
    }
    const checked = oids.map(checkedOid);
    return turns.run(target.id, async () => {
      const session = await sessionFor(target);
      deps.stats.bytesOut("snmp", checked.join("").length);
      const varbinds = await new Promise<SnmpVarbind[]>((resolve, reject) => {
        session.get(checked, (error, result) => (error ? reject(mapSnmpError(error)) : resolve(result ?? [])));
      });
      return account(varbinds.map(toPlainVarbind));
    });
  }

  async function walk(targetId: string, oid: string): Promise<Varbind[]> {
    const target = deps.targets.get(targetId);
    const root = checkedOid(oid);
    return turns.run(target.id, () => walkSubtree(target, root));
  }

  async function walkSubtree(target: Target, root: string): Promise<Varbind[]> {
    const session = await sessionFor(target);
    const collected: Varbind[] = [];
    let bytes = 0;
    let stop: Error | undefined;
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => {
        stop = hostError("BROKER_SNMP_TIMEOUT", `the walk of ${root} did not finish within ${deps.limits.timeoutMs} ms`);
        reject(stop);
      }, deps.limits.timeoutMs);
      let lastOid: string | undefined;
      session.subtree(root, WALK_REPETITIONS, (varbinds) => {
        const page = varbinds.filter((varbind) => !snmp.isVarbindError(varbind));
        // Some agents (net-snmp's own among them) answer GetBulk past the end of their MIB with
        // noSuchObject at the same OID instead of endOfMibView: a page that does not advance ends
        // the walk rather than repeating it until the deadline.
        const newest = page.at(-1)?.oid;
        if (newest === undefined || (lastOid !== undefined && compareOids(newest, lastOid) <= 0)) return true;
        lastOid = newest;
        for (const varbind of page) {
          const plain = toPlainVarbind(varbind);
          bytes += VARBIND_OVERHEAD_BYTES + plain.oid.length + String(plain.value ?? "").length;
          collected.push(plain);
        }
        if (bytes > deps.limits.maxResponseBytes) {
          stop ??= hostError("BROKER_RESPONSE_TOO_LARGE", `the walk of ${root} passed the ${deps.limits.maxResponseBytes}-byte cap at ${collected.length} varbinds`
            + ` (each counted as its OID and value plus ${VARBIND_OVERHEAD_BYTES} bytes, what the host holds for it)`, { varbinds: collected.length });
        }
        // Returning true ends the walk early: past the deadline or the size cap.
        return stop !== undefined;
      }, (error) => {
        clearTimeout(deadline);
        if (stop) reject(stop);
        else if (error) reject(mapSnmpError(error));
        else resolve();
      });
    });
    return account(collected);
  }

  function account(varbinds: Varbind[]): Varbind[] {
    deps.stats.bytesIn("snmp", varbinds.reduce((sum, v) => sum + v.oid.length + String(v.value ?? "").length, 0));
    return varbinds;
  }

  return {
    snmp: {
      get: (target, oids) => deps.gate.run("snmp", () => get(target, oids)),
      walk: (target, oid) => deps.gate.run("snmp", () => walk(target, oid)),
    },
    close() {
      turns.close();
      for (const session of sessions.values()) session.then((s) => s.close(), () => undefined);
      sessions.clear();
    },
  };
}

function checkedOid(oid: unknown): string {
  if (typeof oid !== "string" || !OID.test(oid)) throw hostError("BROKER_REQUEST_INVALID", `${JSON.stringify(String(oid)).slice(0, 80)} is not a numeric OID`);
  return oid.replace(/^\./, "");
}

/** Numeric, component-wise order of dotted OIDs (1.3.6.1.10 sorts after 1.3.6.1.9). */
export function compareOids(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i]! - right[i]!;
  }
  return left.length - right.length;
}
