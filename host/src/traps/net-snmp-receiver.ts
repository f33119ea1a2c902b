import { createRequire } from "node:module";
import type { SnmpUser, SnmpVarbind } from "../broker/snmp/net-snmp.ts";

/** The typed slice of net-snmp's trap receiver the listener uses (net-snmp ships no types). */
export interface ReceivedPdu {
  type: number;
  varbinds: SnmpVarbind[];
  /** v1 Trap-PDU fields. */
  enterprise?: string;
  agentAddr?: string;
  generic?: number;
  specific?: number;
  upTime?: number;
  /** With `includeAuthentication`: the v1/v2c community, or the v3 user name. */
  community?: string;
  user?: string;
}

export interface ReceivedTrap {
  pdu: ReceivedPdu;
  rinfo: { address: string; port: number; family?: string };
}

export interface ReceiverAuthorizer {
  addCommunity(community: string): void;
  deleteCommunity(community: string): void;
  getCommunities(): string[];
  addUser(user: SnmpUser): void;
  deleteUser(name: string): void;
  getUsers(): SnmpUser[];
}

export interface SnmpReceiver {
  getAuthorizer(): ReceiverAuthorizer;
  close(callback?: () => void): void;
}

interface NetSnmpReceiverModule {
  createReceiver(options: Record<string, unknown>, callback: (error: Error | null, data?: ReceivedTrap) => void): SnmpReceiver;
  PduType: { Trap: number; TrapV2: number; InformRequest: number };
}

export const netSnmp = createRequire(import.meta.url)("net-snmp") as NetSnmpReceiverModule;
