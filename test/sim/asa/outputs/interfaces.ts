// `show interface ip brief` (reference/protocols.md §8): fixed-width columns with trailing blanks.

/** The ntc-templates fixture `cisco_asa_show_interface_ip_brief.raw`, verbatim. */
export const INTERFACES_NTC_FIXTURE = `Interface                  IP-Address      Method Status                Protocol
Virtual0                   127.1.0.1       YES unset  up                    up  
GigabitEthernet1/1         192.168.1.253   YES CONFIG up                    up  
GigabitEthernet1/4         unassigned      YES unset  administratively down down
Internal-Control1/1        unassigned      YES unset  up                    down
Internal-Data1/2           unassigned      YES unset  down                  down
Management1/1              10.10.12.2      YES CONFIG up                    up  
Port-channel1.144          10.10.14.1      YES CONFIG up                    up  `;

export interface InterfaceRow {
  name: string;
  ip?: string;
  method?: string;
  /** `up`, `down` or `administratively down`. */
  status: string;
  protocol: string;
}

/** The table with the ASA's column widths (the header does not line up with the rows: the device's own quirk). */
export function showInterfaceIpBrief(rows: InterfaceRow[]): string {
  const header = "Interface                  IP-Address      Method Status                Protocol";
  return [header, ...rows.map((row) =>
    `${row.name.padEnd(27)}${(row.ip ?? "unassigned").padEnd(16)}YES ${(row.method ?? (row.ip ? "CONFIG" : "unset")).padEnd(7)}`
    + `${row.status.padEnd(22)}${row.protocol.padEnd(4)}`)].join("\n");
}

const base: InterfaceRow[] = [
  { name: "GigabitEthernet1/1", ip: "203.0.113.2", status: "up", protocol: "up" },
  { name: "GigabitEthernet1/2", ip: "10.1.0.1", status: "up", protocol: "up" },
  { name: "GigabitEthernet1/3", ip: "172.16.0.1", status: "up", protocol: "up" },
  { name: "GigabitEthernet1/4", status: "administratively down", protocol: "down" },
  { name: "Internal-Control1/1", ip: "127.0.1.1", method: "unset", status: "up", protocol: "up" },
  { name: "Internal-Data1/1", status: "up", protocol: "up" },
  { name: "Management1/1", ip: "192.168.45.1", status: "up", protocol: "up" },
];

/** Every configured interface up (one unused port administratively down). */
export const INTERFACES_UP = showInterfaceIpBrief(base);
/** GigabitEthernet1/3 (dmz) lost its link (down/down); GigabitEthernet1/2 (inside) is up with its line protocol down. */
export const INTERFACES_TWO_DOWN = showInterfaceIpBrief(base.map((row) =>
  row.name === "GigabitEthernet1/3" ? { ...row, status: "down", protocol: "down" }
  : row.name === "GigabitEthernet1/2" ? { ...row, protocol: "down" } : row));
/** Only the dmz is still down. */
export const INTERFACES_DMZ_DOWN = showInterfaceIpBrief(base.map((row) =>
  row.name === "GigabitEthernet1/3" ? { ...row, status: "down", protocol: "down" } : row));
/** The dmz was shut down on purpose: administratively down is not an alarm. */
export const INTERFACES_DMZ_SHUT = showInterfaceIpBrief(base.map((row) =>
  row.name === "GigabitEthernet1/3" ? { ...row, status: "administratively down", protocol: "down" } : row));
