/** Peer address → tunnel state: `up` (listed in the session database), or the IKE SA state. */
export type VpnPeers = Map<string, string>;

const IP = String.raw`\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:]+`;
const ERROR = /% Invalid input|^ERROR:/m;
const SESSION_ADDRESS = new RegExp(String.raw`IP Addr\s*:\s*(${IP})`, "g");
const IKEV1_PEER = new RegExp(String.raw`IKE Peer:\s*(${IP})[\s\S]*?State\s*:\s*(\S+)`, "g");
const IKEV2_ROW = new RegExp(String.raw`^\s*\d+\s+(?:${IP})/\d+\s+(${IP})/\d+\s+\S+\s+(\S+)\s+\S+\s*$`, "gm");
/** IKEv1 main/aggressive mode done, IKEv2 SA established. */
const ESTABLISHED = new Set(["MM_ACTIVE", "AM_ACTIVE", "READY"]);

/**
 * Parses `show vpn-sessiondb l2l`: every listed session's peer is up. Null for an error answer.
 *
 * @example
 * parseVpnSessiondb(output).get("198.51.100.7"); // "up"
 */
export function parseVpnSessiondb(output: string): VpnPeers | null {
  if (ERROR.test(output)) return null;
  // No sessions: the INFO line's wording is not certain (protocols.md), and a complete answer
  // (the prompt came back) holding nothing but INFO lines, or nothing at all, lists no tunnel either.
  if (/no active sessions/i.test(output) || output.split(/\r?\n/).every((line) => line.trim() === "" || /^\s*INFO:/.test(line))) {
    return new Map();
  }
  if (!/Session Type:\s*LAN-to-LAN/i.test(output)) return null;
  return new Map([...output.matchAll(SESSION_ADDRESS)].map((match) => [match[1]!, "up"]));
}

/**
 * Parses `show crypto isakmp sa` (IKEv1 blocks and the IKEv2 table of 8.4+): peer → SA state.
 * Null for an error answer.
 *
 * @example
 * parseIsakmpSa(output).get("192.168.255.11"); // "MM_ACTIVE"
 */
export function parseIsakmpSa(output: string): VpnPeers | null {
  if (ERROR.test(output) || !/\bSAs?\b/.test(output)) return null;
  const peers: VpnPeers = new Map();
  for (const match of output.matchAll(IKEV1_PEER)) peers.set(match[1]!, match[2]!);
  for (const match of output.matchAll(IKEV2_ROW)) {
    // An established SA wins over a second one still negotiating with the same peer.
    if (!ESTABLISHED.has(peers.get(match[1]!) ?? "")) peers.set(match[1]!, match[2]!);
  }
  return peers;
}

/** True when the peer has a session, or an established IKE SA. */
export function isTunnelUp(state: string | undefined): boolean {
  return state === "up" || (state !== undefined && ESTABLISHED.has(state));
}
