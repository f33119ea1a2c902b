import { test } from "node:test";
import assert from "node:assert/strict";
import type { Varbind } from "@opsconductor/sdk";
import { instanceOf, payloadOf, SNMP_TRAP_OID, SYS_UPTIME, varbindUnder } from "./varbinds.ts";

const IF_INDEX = "1.3.6.1.2.1.2.2.1.1";
const varbinds: Varbind[] = [
  { oid: `.${SYS_UPTIME}`, type: "TimeTicks", value: 5 },
  { oid: SNMP_TRAP_OID, type: "OID", value: "1.3.6.1.6.3.1.1.5.3" },
  { oid: "1.3.6.1.2.1.2.2.1.10.3", type: "Counter32", value: 99 },
  { oid: ".1.3.6.1.2.1.2.2.1.1.3", type: "Integer", value: 3 },
];

test("varbindUnder finds the varbind at an OID or inside its subtree, with or without a leading dot, never a sibling sharing its digits", () => {
  assert.equal(varbindUnder(varbinds, SYS_UPTIME)?.value, 5, "exact, sent with a leading dot");
  assert.equal(varbindUnder(varbinds, IF_INDEX)?.value, 3, "ifInOctets (…2.2.1.10.3) is not under ifIndex (…2.2.1.1)");
  assert.equal(varbindUnder(varbinds, "1.3.6.1.2.1.2.2.1.10")?.value, 99);
  assert.equal(varbindUnder(varbinds, "1.3.6.1.2.1.2.2.1.1.3.7"), undefined, "deeper than any varbind");
  assert.equal(varbindUnder(varbinds, "1.3.6.1.2.1.2.2.1.8"), undefined);
  assert.equal(instanceOf(varbinds[3]!, IF_INDEX), "3");
  assert.deepEqual(payloadOf(varbinds).map((varbind) => varbind.value), [99, 3]);
});
