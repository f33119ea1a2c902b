import { Buffer } from "node:buffer";
import type { TrapMessage } from "@opsconductor/sdk";
import { snmp } from "../../../host/src/broker/snmp/net-snmp.ts";
import { netSnmp } from "../../../host/src/traps/net-snmp-receiver.ts";
import { toTrapMessage } from "../../../host/src/traps/trap-message.ts";
import { v1FormOf, type Notification } from "./notifications.ts";

export interface MessageOptions {
  version?: "v1" | "v2c" | "v3";
  address?: string;
  upTime?: number;
}

/**
 * The TrapMessage a connector's `receive` gets for `notification`, made by the host's own
 * translation (host/src/traps/trap-message.ts) from the PDU net-snmp's receiver would decode:
 * a v1 Trap-PDU is translated to the v2 form per RFC 3584, exactly as on the wire path.
 *
 * @example
 * await connector.receive(ctx, trapMessage(notifications.linkDown(3), { version: "v1" }));
 */
export function trapMessage(notification: Notification, options: MessageOptions = {}): TrapMessage {
  const version = options.version ?? "v2c";
  const upTime = options.upTime ?? 123456;
  const varbinds = notification.varbinds.map((varbind) => ({
    oid: varbind.oid, type: snmp.ObjectType[varbind.type]!,
    value: varbind.type === "OctetString" ? Buffer.from(String(varbind.value)) : varbind.value,
  }));
  const rinfo = { address: options.address ?? "192.0.2.20", port: 50162 };
  if (version === "v1") {
    return toTrapMessage({ rinfo, pdu: { type: netSnmp.PduType.Trap!, varbinds, agentAddr: rinfo.address, upTime, ...v1FormOf(notification.oid) } });
  }
  return toTrapMessage({ rinfo, pdu: {
    type: netSnmp.PduType.TrapV2!, ...(version === "v3" && { user: "opsbot" }),
    varbinds: [
      { oid: "1.3.6.1.2.1.1.3.0", type: snmp.ObjectType.TimeTicks!, value: upTime },
      { oid: "1.3.6.1.6.3.1.1.4.1.0", type: snmp.ObjectType.OID!, value: notification.oid },
      ...varbinds,
    ],
  } });
}
