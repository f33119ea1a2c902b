import type { Varbind } from "@opsconductor/sdk";

export const SYS_UPTIME = "1.3.6.1.2.1.1.3.0";
export const SNMP_TRAP_OID = "1.3.6.1.6.3.1.1.4.1.0";

const DOT = 46;
const plain = (oid: string) => (oid.charCodeAt(0) === DOT ? oid.slice(1) : oid);

/** `candidate` (maybe with a leading dot) is `oid` or inside its subtree; no string is built (a trap burst calls this a lot). */
function isUnder(candidate: string, oid: string): boolean {
  const from = candidate.charCodeAt(0) === DOT ? 1 : 0;
  const length = candidate.length - from;
  if (length < oid.length || !candidate.startsWith(oid, from)) return false;
  return length === oid.length || candidate.charCodeAt(from + oid.length) === DOT;
}

/** The first varbind at `oid` exactly, or inside its subtree (a column instance `oid.N`). */
export function varbindUnder(varbinds: readonly Varbind[], oid: string): Varbind | undefined {
  for (const varbind of varbinds) if (isUnder(varbind.oid, oid)) return varbind;
  return undefined;
}

/** The instance part of a column varbind: `1.3.6.1.2.1.2.2.1.8.3` under `…2.2.1.8` → `3`. */
export function instanceOf(varbind: Varbind, column: string): string {
  return plain(varbind.oid).slice(column.length + 1);
}

/** The varbinds after sysUpTime.0 and snmpTrapOID.0: what the trap says. */
export function payloadOf(varbinds: readonly Varbind[]): Varbind[] {
  return varbinds.filter((varbind) => plain(varbind.oid) !== SYS_UPTIME && plain(varbind.oid) !== SNMP_TRAP_OID);
}
