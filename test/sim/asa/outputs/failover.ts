// `show failover` as an ASA prints it (reference/protocols.md §8): the real device indents the
// per-unit lines; the ntc-templates fixtures strip that indentation. Both forms are here.

/** The ntc-templates fixture `cisco_asa_show_failover.raw`, verbatim (indentation stripped). */
export const FAILOVER_NTC_FIXTURE = `Failover On
Failover unit Primary
Failover LAN Interface: failover GigabitEthernet0/4 (up)
Reconnect timeout 0:00:00
Unit Poll frequency 1 seconds, holdtime 15 seconds
Interface Poll frequency 5 seconds, holdtime 25 seconds
Interface Policy 1
Monitored Interfaces 3 of 1049 maximum
MAC Address Move Notification Interval not set
Version: Ours 98.1(1)86, Mate 98.1(1)86
Serial Number: Ours JAF1610APKQ, Mate JAF1610ALGM
Last Failover at: 12:52:34 UTC Apr 26 2017
This host: Primary - Active
Active time: 87 (sec)
slot 0: ASA5585-SSP-10 hw/sw rev (2.0/98.1(1)86) status (Up Sys)
Interface inside (10.86.118.1): Normal (Monitored)
Interface outside (192.168.77.1): No Link (Waiting)
Interface dmz (192.168.67.1): No Link (Waiting)
slot 1: empty
slot 1: empty
Other host: Secondary - Standby Ready
Active time: 0 (sec)
slot 0: ASA5585-SSP-10 hw/sw rev (2.0/98.1(1)86) status (Up Sys)
Interface inside (10.86.118.2): Normal (Waiting)
Interface outside (192.168.77.2): No Link (Waiting)
Interface dmz (192.168.67.2): No Link (Waiting)
slot 1: empty
slot 1: empty

Stateful Failover Logical Update Statistics
Link : failover GigabitEthernet0/4 (up)
Stateful Obj xmit xerr rcv rerr
General 22 0 6 0
sys cmd 6 0 6 0
Logical Update Queue Information
Cur Max Total
Recv Q: 0 5 6
Xmit Q: 0 27 86`;

/** The ntc-templates fixture `…_off.raw`: failover not configured (note the trailing blank after `Off`). */
export const FAILOVER_OFF = `Failover Off 
Failover unit Secondary
Failover LAN Interface: not Configured
Reconnect timeout 0:00:00
Unit Poll frequency 1 seconds, holdtime 15 seconds
Interface Poll frequency 5 seconds, holdtime 25 seconds
Interface Policy 1
Monitored Interfaces 2 of 1049 maximum
MAC Address Move Notification Interval not set`;

export interface FailoverPair {
  /** This unit's role in the pair. */
  unit?: "Primary" | "Secondary";
  /** `Active`, `Standby Ready`, `Failed`, `Cold Standby`, `Sync Config`, `Bulk Sync`, `Negotiation`, `Disabled`... */
  thisState: string;
  otherState: string;
  /** State of the failover LAN link. */
  lanUp?: boolean;
  lastFailover?: string;
}

/** `show failover` of one unit of an active/standby pair, with the real device's indentation and trailing blanks. */
export function showFailover(pair: FailoverPair): string {
  const unit = pair.unit ?? "Primary";
  const mate = unit === "Primary" ? "Secondary" : "Primary";
  const lan = pair.lanUp === false ? "down" : "up";
  const ours = (state: string) => (state === "Failed" ? "Failed (Waiting)" : "Normal (Monitored)");
  const unitBlock = (who: string, role: string, state: string, octet: number) => [
    `        ${who}: ${role} - ${state} `,
    `                Active time: ${state === "Active" ? 98922458 : 539} (sec)`,
    `                slot 0: ASA5516 hw/sw rev (3.0/9.12(4)56) status (${state === "Failed" ? "Down Sys" : "Up Sys"})`,
    `                  Interface outside (203.0.113.${octet}): ${ours(state)}`,
    `                  Interface inside (10.1.0.${octet - 1}): ${ours(state)}`,
    `                  Interface dmz (172.16.0.${octet - 1}): ${ours(state)}`,
    `                  Interface management (0.0.0.0): Normal (Not-Monitored)`,
    `                slot 1: FirePOWER5516 hw/sw rev (N/A/6.6.5) status (Up/Up)`,
  ];
  return [
    "Failover On ",
    `Failover unit ${unit}`,
    `Failover LAN Interface: failover GigabitEthernet0/3 (${lan})`,
    "Reconnect timeout 0:00:00",
    "Unit Poll frequency 1 seconds, holdtime 15 seconds",
    "Interface Poll frequency 5 seconds, holdtime 25 seconds",
    "Interface Policy 1",
    "Monitored Interfaces 3 of 1049 maximum",
    "MAC Address Move Notification Interval not set",
    "failover replication http",
    "Version: Ours 9.12(4)56, Mate 9.12(4)56",
    "Serial Number: Ours JAD21410ABC, Mate JAD21410XYZ",
    `Last Failover at: ${pair.lastFailover ?? "03:45:17 UTC Dec 7 2025"}`,
    ...unitBlock("This host", unit, pair.thisState, 2),
    ...unitBlock("Other host", mate, pair.otherState, 3),
    "",
    "Stateful Failover Logical Update Statistics",
    `        Link : failover GigabitEthernet0/3 (${lan})`,
    "        Stateful Obj    xmit       xerr       rcv        rerr      ",
    "        General         19566      0          19         0         ",
    "        sys cmd         1906       0          1906       0         ",
    "        up time         0          0          0          0         ",
    "        RPC services    0          0          0          0         ",
    "        TCP conn        10114      0          0          0         ",
    "",
    "        Logical Update Queue Information",
    "                        Cur     Max     Total",
    "        Recv Q:         0       5       6",
    "        Xmit Q:         0       27      86",
  ].join("\n");
}

/** A healthy pair seen from the primary unit, which is active. */
export const FAILOVER_ACTIVE = showFailover({ thisState: "Active", otherState: "Standby Ready" });
/** The same primary after a failover: now standby, its mate active, `Last Failover at` moved. */
export const FAILOVER_STANDBY = showFailover({ thisState: "Standby Ready", otherState: "Active", lastFailover: "14:02:51 UTC Mar 3 2026" });
/** The mate failed and the failover link is down. */
export const FAILOVER_PEER_FAILED = showFailover({ thisState: "Active", otherState: "Failed", lanUp: false, lastFailover: "14:02:51 UTC Mar 3 2026" });
/** The mate is still synchronising its configuration (transitional). */
export const FAILOVER_PEER_SYNC = showFailover({ thisState: "Active", otherState: "Sync Config" });
