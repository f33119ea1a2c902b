// `show vpn-sessiondb l2l` and `show crypto isakmp sa` (reference/protocols.md §8).

export interface L2lSession {
  peer: string;
  index?: number;
  protocol?: "IKEv1 IPsec" | "IKEv2 IPsec";
}

/** The 9.x rendering of the LAN-to-LAN session database; no sessions → the INFO line. */
export function showVpnSessiondbL2l(sessions: L2lSession[]): string {
  if (sessions.length === 0) return "INFO: There are presently no active sessions";
  const blocks = sessions.map((session, i) => {
    const ikev2 = (session.protocol ?? "IKEv2 IPsec") === "IKEv2 IPsec";
    return [
      `Connection   : ${session.peer}`,
      `Index        : ${String(session.index ?? 178 + i).padEnd(23)}IP Addr      : ${session.peer}`,
      `Protocol     : ${session.protocol ?? "IKEv2 IPsec"}`,
      ikev2 ? "Encryption   : IKEv2: (1)AES256  IPsec: (1)AES256" : "Encryption   : IKEv1: (1)AES256  IPsec: (2)AES128",
      ikev2 ? "Hashing      : IKEv2: (1)SHA256  IPsec: (1)SHA256" : "Hashing      : IKEv1: (1)SHA1  IPsec: (2)SHA1",
      "Bytes Tx     : 1390560                Bytes Rx     : 1394220",
      "Login Time   : 23:32:17 UTC Tue Mar 3 2026",
      "Duration     : 2d 16h:38m:29s",
    ].join("\n");
  });
  return `Session Type: LAN-to-LAN\n\n${blocks.join("\n\n")}`;
}

/** The older (8.x) rendering quoted in the reference: `Protocol : IKEv1 IPsec`, plain `Encryption`. */
export const L2L_LEGACY = `Session Type: LAN-to-LAN

Connection   : 3.23.33.1
Index        : 178                    IP Addr      : 3.23.33.1
Protocol     : IKEv1 IPsec
Encryption   : AES256                 Hashing      : SHA1
Bytes Tx     : 1390560                Bytes Rx     : 1394220
Login Time   : 23:32:17 CEDT Tue Apr 8 2014
Duration     : 2d 16h:38m:29s`;

export interface IkeSa {
  peer: string;
  /** IKEv1: `MM_ACTIVE`, `MM_WAIT_MSG2`...; IKEv2: `READY`, `IN-NEG`... */
  state: string;
  version?: 1 | 2;
}

/** `show crypto isakmp sa` on 8.4+: an IKEv1 and an IKEv2 section. */
export function showCryptoIsakmpSa(sas: IkeSa[]): string {
  const v1 = sas.filter((sa) => (sa.version ?? 1) === 1);
  const v2 = sas.filter((sa) => sa.version === 2);
  const lines: string[] = [];
  if (v1.length === 0) lines.push("There are no IKEv1 SAs");
  else {
    lines.push("IKEv1 SAs:", "", `   Active SA: ${v1.length}`,
      "    Rekey SA: 0 (A tunnel will report 1 Active and 1 Rekey SA during rekey)", `Total IKE SA: ${v1.length}`, "");
    v1.forEach((sa, i) => lines.push(`${String(i + 1).padEnd(4)}IKE Peer: ${sa.peer}`,
      "    Type    : L2L             Role    : initiator ", `    Rekey   : no              State   : ${sa.state} `, ""));
  }
  lines.push("");
  if (v2.length === 0) lines.push("There are no IKEv2 SAs");
  else {
    lines.push("IKEv2 SAs:", "");
    v2.forEach((sa, i) => lines.push(
      `Session-id:${21 + i}, Status:${sa.state === "READY" ? "UP-ACTIVE" : "UP-IDLE"}, IKE count:1, CHILD count:1`, "",
      "Tunnel-id Local                                               Remote                                              fvrf/ivrf            Status         Role",
      `${String(45678901 + i).padStart(9)} ${"203.0.113.2/500".padEnd(52)}${`${sa.peer}/500`.padEnd(52)}Global/Global        ${sa.state.padEnd(15)}INITIATOR`,
      "      Encr: AES-CBC, keysize: 256, Hash: SHA256, DH Grp:14, Auth sign: PSK, Auth verify: PSK",
      "      Life/Active Time: 86400/1234 sec", ""));
  }
  return lines.join("\n");
}

/** The reference's verbatim IKEv1 sample. */
export const ISAKMP_REFERENCE = `IKEv1 SAs:

   Active SA: 1
    Rekey SA: 0 (A tunnel will report 1 Active and 1 Rekey SA during rekey)
Total IKE SA: 1

1   IKE Peer: 192.168.255.11
    Type    : L2L             Role    : initiator 
    Rekey   : no              State   : MM_ACTIVE 

There are no IKEv2 SAs`;

/**
 * `show vpn-sessiondb detail l2l`: the session lines, then its IKE and IPsec tunnels as indented
 * sub-blocks, whose `Local Addr`/`Remote Addr` are networks, not peers.
 */
export const L2L_DETAIL = `Session Type: LAN-to-LAN Detailed

Connection   : 198.51.100.7
Index        : 4                      IP Addr      : 198.51.100.7
Protocol     : IKEv1 IPsec
Encryption   : IKEv1: (1)AES256  IPsec: (1)AES256
Hashing      : IKEv1: (1)SHA1  IPsec: (1)SHA1
Bytes Tx     : 400                    Bytes Rx     : 400
Login Time   : 16:27:41 UTC Tue Mar 3 2026
Duration     : 0h:00m:13s
IKEv1 Tunnels: 1
IPsec Tunnels: 1

IKEv1:
  Tunnel ID    : 4.1
  UDP Src Port : 500                    UDP Dst Port : 500
  IKE Neg Mode : Main                   Auth Mode    : preSharedKeys
  Encryption   : AES256                 Hashing      : SHA1
  Rekey Int (T): 86400 Seconds          Rekey Left(T): 86387 Seconds
  D/H Group    : 2
  Filter Name  : 

IPsec:
  Tunnel ID    : 4.2
  Local Addr   : 10.1.1.0/255.255.255.0/0/0
  Remote Addr  : 10.2.2.0/255.255.255.0/0/0
  Encryption   : AES256                 Hashing      : SHA1
  Encapsulation: Tunnel
  Rekey Int (T): 28800 Seconds          Rekey Left(T): 28786 Seconds
  Rekey Int (D): 4608000 K-Bytes        Rekey Left(D): 4608000 K-Bytes
  Idle Time Out: 30 Minutes             Idle TO Left : 29 Minutes
  Bytes Tx     : 400                    Bytes Rx     : 400
  Pkts Tx      : 4                      Pkts Rx      : 4`;
