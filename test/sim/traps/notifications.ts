// SNMP notifications as devices send them, in the SNMPv2 form (notification OID + varbinds, without
// the sysUpTime.0/snmpTrapOID.0 pair the sender adds). reference/protocols.md §9 and §10.

export type TrapVarbindType = "Integer" | "OctetString" | "OID" | "TimeTicks" | "Gauge" | "Counter" | "IpAddress";

export interface TrapVarbind {
  oid: string;
  type: TrapVarbindType;
  value: number | string;
}

export interface Notification {
  /** snmpTrapOID.0: a generic trap `1.3.6.1.6.3.1.1.5.N`, or an enterprise one (`<enterprise>.0.<specific>` for v1 origins). */
  oid: string;
  varbinds: TrapVarbind[];
}

export const SNMP_TRAPS = "1.3.6.1.6.3.1.1.5";
export const IF_INDEX = "1.3.6.1.2.1.2.2.1.1";
export const IF_DESCR = "1.3.6.1.2.1.2.2.1.2";
export const IF_ADMIN_STATUS = "1.3.6.1.2.1.2.2.1.7";
export const IF_OPER_STATUS = "1.3.6.1.2.1.2.2.1.8";
export const IF_NAME = "1.3.6.1.2.1.31.1.1.1.1";
/** xupsTrapDefined: XUPS notifications are `XUPS_TRAPS.0.N`, N mirroring the alarm sub-id. */
export const XUPS_TRAPS = "1.3.6.1.4.1.534.1.11.4.1";
export const XUPS_ALARM_DESCR = "1.3.6.1.4.1.534.1.7.2.1.2";
export const XUPS_ALARM_ID = "1.3.6.1.4.1.534.1.7.2.1.1";
/** xupsTrapMessage (DisplayString) [U exact OID]. */
export const XUPS_TRAP_MESSAGE = "1.3.6.1.4.1.534.1.11.3.0";
/** RFC 1628 upsTraps: no `.0.` segment. */
export const UPS_TRAPS = "1.3.6.1.2.1.33.2";
export const UPS_ALARM_ID = "1.3.6.1.2.1.33.1.6.2.1.1";
export const UPS_ALARM_DESCR = "1.3.6.1.2.1.33.1.6.2.1.2";

const interfaceVarbinds = (ifIndex: number, admin: number, oper: number, name: string): TrapVarbind[] => [
  { oid: `${IF_INDEX}.${ifIndex}`, type: "Integer", value: ifIndex },
  { oid: `${IF_ADMIN_STATUS}.${ifIndex}`, type: "Integer", value: admin },
  { oid: `${IF_OPER_STATUS}.${ifIndex}`, type: "Integer", value: oper },
  { oid: `${IF_DESCR}.${ifIndex}`, type: "OctetString", value: name },
];

export const notifications = {
  coldStart: (): Notification => ({ oid: `${SNMP_TRAPS}.1`, varbinds: [] }),
  warmStart: (): Notification => ({ oid: `${SNMP_TRAPS}.2`, varbinds: [] }),
  linkDown: (ifIndex: number, name = `GigabitEthernet0/${ifIndex}`, admin = 1): Notification =>
    ({ oid: `${SNMP_TRAPS}.3`, varbinds: interfaceVarbinds(ifIndex, admin, 2, name) }),
  linkUp: (ifIndex: number, name = `GigabitEthernet0/${ifIndex}`): Notification =>
    ({ oid: `${SNMP_TRAPS}.4`, varbinds: interfaceVarbinds(ifIndex, 1, 1, name) }),
  authenticationFailure: (): Notification => ({ oid: `${SNMP_TRAPS}.5`, varbinds: [] }),
  /** An XUPS trap `.0.N` with the alarm varbinds an Eaton card sends. */
  xups: (specific: number, message: string, alarmId = 1): Notification => ({
    oid: `${XUPS_TRAPS}.0.${specific}`,
    varbinds: [
      { oid: `${XUPS_ALARM_ID}.${alarmId}`, type: "Integer", value: alarmId },
      { oid: `${XUPS_ALARM_DESCR}.${alarmId}`, type: "OID", value: `1.3.6.1.4.1.534.1.7.${specific}` },
      { oid: XUPS_TRAP_MESSAGE, type: "OctetString", value: message },
    ],
  }),
  /** xupstdAlarmEntryAdded (21) / Removed (22), naming the alarm by its OID. */
  xupsAlarmEntry: (added: boolean, alarmId: number, descr: string, message: string): Notification => ({
    oid: `${XUPS_TRAPS}.0.${added ? 21 : 22}`,
    varbinds: [
      { oid: `${XUPS_ALARM_ID}.${alarmId}`, type: "Integer", value: alarmId },
      { oid: `${XUPS_ALARM_DESCR}.${alarmId}`, type: "OID", value: descr },
      { oid: XUPS_TRAP_MESSAGE, type: "OctetString", value: message },
    ],
  }),
  upsOnBattery: (minutesRemaining: number, secondsOnBattery: number): Notification => ({
    oid: `${UPS_TRAPS}.1`,
    varbinds: [
      { oid: "1.3.6.1.2.1.33.1.2.3.0", type: "Integer", value: minutesRemaining },
      { oid: "1.3.6.1.2.1.33.1.2.2.0", type: "Integer", value: secondsOnBattery },
      { oid: "1.3.6.1.2.1.33.1.9.7.0", type: "Integer", value: 2 },
    ],
  }),
  /** upsTrapAlarmEntryAdded (.2.3) / Removed (.2.4). */
  upsAlarmEntry: (added: boolean, alarmId: number, descr: string): Notification => ({
    oid: `${UPS_TRAPS}.${added ? 3 : 4}`,
    varbinds: [
      { oid: `${UPS_ALARM_ID}.${alarmId}`, type: "Integer", value: alarmId },
      { oid: `${UPS_ALARM_DESCR}.${alarmId}`, type: "OID", value: descr },
    ],
  }),
  /** Some vendor's trap nobody maps. */
  vendor: (): Notification => ({
    oid: "1.3.6.1.4.1.99999.2.0.7",
    varbinds: [
      { oid: "1.3.6.1.4.1.99999.1.1.0", type: "OctetString", value: "door open" },
      { oid: "1.3.6.1.4.1.99999.1.2.0", type: "Gauge", value: 3 },
    ],
  }),
} as const;

/** The SNMPv1 Trap-PDU fields of a v2 notification OID (RFC 3584 §3.2). */
export interface V1Form {
  generic: number;
  enterprise: string;
  specific: number;
}

/**
 * RFC 3584 §3.2: `1.3.6.1.6.3.1.1.5.(g+1)` is generic trap g; `<E>.0.<S>` is enterprise E,
 * specific S; any other OID is enterprise = the OID without its last sub-id, specific = that
 * sub-id (so RFC 1628's `1.3.6.1.2.1.33.2.1` comes back from v1 as `1.3.6.1.2.1.33.2.0.1`).
 */
export function v1FormOf(oid: string, defaultEnterprise = "1.3.6.1.4.1"): V1Form {
  const generic = /^1\.3\.6\.1\.6\.3\.1\.1\.5\.([1-6])$/.exec(oid);
  if (generic) return { generic: Number(generic[1]) - 1, enterprise: defaultEnterprise, specific: 0 };
  const enterprise = /^(.+)\.0\.(\d+)$/.exec(oid) ?? /^(.+)\.(\d+)$/.exec(oid)!;
  return { generic: 6, enterprise: enterprise[1]!, specific: Number(enterprise[2]) };
}
