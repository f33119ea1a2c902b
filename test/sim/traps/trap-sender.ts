import { createRequire } from "node:module";
import { v1FormOf, type Notification, type TrapVarbind } from "./notifications.ts";

/** The net-snmp session calls a sender needs (net-snmp ships no types). */
interface SenderSession {
  trap(typeOrOid: string | number, varbinds: unknown[], options: Record<string, unknown>, callback: (error: Error | null) => void): void;
  inform(typeOrOid: string, varbinds: unknown[], options: Record<string, unknown>, callback: (error: Error | null, varbinds?: unknown[]) => void): void;
  close(): void;
  on(event: "error", listener: (error: Error) => void): void;
}
interface NetSnmpSender {
  createSession(target: string, community: string, options: Record<string, unknown>): SenderSession;
  createV3Session(target: string, user: Record<string, unknown>, options: Record<string, unknown>): SenderSession;
  Version1: number;
  Version2c: number;
  ObjectType: Record<string, number>;
  SecurityLevel: Record<string, number>;
  AuthProtocols: Record<string, number>;
  PrivProtocols: Record<string, number>;
}
const snmp = createRequire(import.meta.url)("net-snmp") as NetSnmpSender;

export interface V3Sender {
  name: string;
  authProtocol?: "md5" | "sha";
  authKey?: string;
  privProtocol?: "aes" | "des";
  privKey?: string;
  /** The sender's (authoritative) engine id, hex; net-snmp makes a random one when absent. */
  engineID?: string;
}

export type SenderCredentials = { version: "v1" | "v2c"; community: string } | { version: "v3"; user: V3Sender };

export interface SendOptions {
  port: number;
  host?: string;
  /** v1 only: the agent-addr field (default 127.0.0.1). */
  agentAddr?: string;
  /** sysUpTime.0 / the v1 time-stamp, in centiseconds. */
  upTime?: number;
  /** An inform's wait for the Response, per try (default 1000 ms; one retry). */
  timeoutMs?: number;
}

/**
 * Sends a notification as a device would: a v1 Trap-PDU (the v2 notification OID mapped back per
 * RFC 3584, see {@link v1FormOf}), or an SNMPv2-Trap for v2c and v3 (USM user, authoritative
 * engine = the sender's).
 *
 * @example
 * await sendTrap({ port }, { version: "v2c", community: "public" }, notifications.linkDown(3));
 */
export function sendTrap(to: SendOptions, credentials: SenderCredentials, notification: Notification): Promise<void> {
  const session = sessionFor(to, credentials);
  const varbinds = notification.varbinds.map(toNetSnmp);
  const options = { agentAddr: to.agentAddr ?? "127.0.0.1", ...(to.upTime !== undefined && { upTime: to.upTime }) };
  let typeOrOid: string | number = notification.oid;
  if (credentials.version === "v1") {
    // net-snmp takes a generic trap number, or "<enterprise>.<specific>" for an enterprise-specific one.
    const v1 = v1FormOf(notification.oid);
    typeOrOid = v1.generic < 6 ? v1.generic : `${v1.enterprise}.${v1.specific}`;
  }
  return new Promise((resolve, reject) => {
    session.trap(typeOrOid, varbinds, options, (error) => {
      session.close();
      if (error) reject(error);
      else resolve();
    });
  });
}

/**
 * Sends an InformRequest (v2c or v3) and resolves once the receiver acknowledged it with a Response.
 * For v3 the receiver is the authoritative engine: net-snmp first discovers its engine id, then
 * sends the inform with keys localized to it. Rejects when no Response comes (RequestTimedOutError
 * after the retry: a wrong key is dropped silently) or a Report does (ResponseInvalidError: an unknown user).
 */
export function sendInform(to: SendOptions, credentials: SenderCredentials, notification: Notification): Promise<void> {
  if (credentials.version === "v1") return Promise.reject(new Error("SNMPv1 has no InformRequest"));
  const session = sessionFor(to, credentials);
  return new Promise((resolve, reject) => {
    session.inform(notification.oid, notification.varbinds.map(toNetSnmp), { ...(to.upTime !== undefined && { upTime: to.upTime }) }, (error) => {
      session.close();
      if (error) reject(error);
      else resolve();
    });
  });
}

function sessionFor(to: SendOptions, credentials: SenderCredentials): SenderSession {
  const options = { trapPort: to.port, port: to.port, retries: 1, timeout: to.timeoutMs ?? 1000 };
  const host = to.host ?? "127.0.0.1";
  let session: SenderSession;
  if (credentials.version !== "v3") {
    session = snmp.createSession(host, credentials.community, { ...options, version: credentials.version === "v1" ? snmp.Version1 : snmp.Version2c });
  } else {
    const { name, authProtocol, authKey, privProtocol, privKey, engineID } = credentials.user;
    const level = privKey ? "authPriv" : authKey ? "authNoPriv" : "noAuthNoPriv";
    session = snmp.createV3Session(host, {
      name, level: snmp.SecurityLevel[level],
      ...(authKey && { authProtocol: snmp.AuthProtocols[authProtocol ?? "sha"], authKey }),
      ...(privKey && { privProtocol: snmp.PrivProtocols[privProtocol ?? "aes"], privKey }),
    }, { ...options, ...(engineID && { engineID }) });
  }
  session.on("error", () => undefined);
  return session;
}

function toNetSnmp(varbind: TrapVarbind): { oid: string; type: number; value: unknown } {
  return { oid: varbind.oid, type: snmp.ObjectType[varbind.type]!, value: varbind.value };
}
