import type { TrapMessage, Varbind } from "@opsconductor/sdk";
import { toPlainVarbind } from "../broker/snmp/varbinds.ts";
import { netSnmp, type ReceivedTrap } from "./net-snmp-receiver.ts";

export const SYS_UPTIME_OID = "1.3.6.1.2.1.1.3.0";
export const SNMP_TRAP_OID = "1.3.6.1.6.3.1.1.4.1.0";
const SNMP_TRAP_ENTERPRISE_OID = "1.3.6.1.6.3.1.1.4.3.0";
const SNMP_TRAP_ADDRESS_OID = "1.3.6.1.6.3.18.1.3.0";
/** snmpTraps: coldStart is .1, so generic trap g is .(g+1) (RFC 3584 §3.1). */
const GENERIC_TRAPS_OID = "1.3.6.1.6.3.1.1.5";
const ENTERPRISE_SPECIFIC = 6;

/** `::ffff:192.0.2.1` → `192.0.2.1`: what a target's host is compared with. */
export function plainAddress(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/**
 * A received trap in the one form every addon sees (sdk TrapMessage): the SNMPv2 form.
 * A v1 Trap-PDU is translated per RFC 3584 §3.1: snmpTrapOID.0 is
 * 1.3.6.1.6.3.1.1.5.(generic+1) for a generic trap and `enterprise.0.specific` for an
 * enterprise-specific one; sysUpTime.0 and snmpTrapOID.0 go first, the PDU's varbinds
 * follow, then snmpTrapAddress.0 (agent-addr) and snmpTrapEnterprise.0. The v1 fields are
 * kept in `v1`. The community is left out on purpose: the host checked it, and it is a
 * credential, which never enters a sandbox.
 */
export function toTrapMessage({ pdu, rinfo }: ReceivedTrap): TrapMessage {
  const source = { address: plainAddress(rinfo.address), port: rinfo.port };
  const varbinds = pdu.varbinds.map(toPlainVarbind);
  if (pdu.type === netSnmp.PduType.Trap) {
    const generic = pdu.generic ?? 0;
    const specific = pdu.specific ?? 0;
    const enterprise = pdu.enterprise ?? "";
    const trapOid = generic === ENTERPRISE_SPECIFIC ? `${enterprise}.0.${specific}` : `${GENERIC_TRAPS_OID}.${generic + 1}`;
    const agentAddr = pdu.agentAddr ?? source.address;
    const translated: Varbind[] = [
      { oid: SYS_UPTIME_OID, type: "TimeTicks", value: pdu.upTime ?? 0 },
      { oid: SNMP_TRAP_OID, type: "OID", value: trapOid },
      ...varbinds,
      { oid: SNMP_TRAP_ADDRESS_OID, type: "IpAddress", value: agentAddr },
      { oid: SNMP_TRAP_ENTERPRISE_OID, type: "OID", value: enterprise },
    ];
    return {
      kind: "trap", source, version: "v1", trapOid, varbinds: translated,
      v1: { enterprise, agentAddr, generic, specific, upTime: pdu.upTime ?? 0 },
    };
  }
  const trapOid = String(varbinds.find((varbind) => varbind.oid === SNMP_TRAP_OID)?.value ?? "");
  const version = pdu.user !== undefined ? "v3" : "v2c";
  return { kind: "trap", source, version, trapOid, varbinds };
}
