import { createRequire } from "node:module";

/**
 * net-snmp ships no type declarations; this is the typed slice the broker (and the
 * SNMP test agent in test/sim) use, loaded through createRequire so that no
 * ambient `declare module` leaks into the rest of the workspace.
 */

export interface SnmpVarbind {
  oid: string;
  type: number;
  value: unknown;
}

export interface SnmpUser {
  name: string;
  level: number;
  authProtocol?: number;
  authKey?: string;
  privProtocol?: number;
  privKey?: string;
}

export interface SnmpSessionOptions {
  port?: number;
  retries?: number;
  timeout?: number;
  backoff?: number;
  transport?: "udp4" | "udp6";
  version?: number;
  idBitsSize?: 16 | 32;
}

export interface SnmpSession {
  get(oids: string[], callback: (error: Error | null, varbinds?: SnmpVarbind[]) => void): void;
  subtree(oid: string, maxRepetitions: number, feed: (varbinds: SnmpVarbind[]) => boolean | void, done: (error: Error | null) => void): void;
  close(): void;
  on(event: "error", listener: (error: Error) => void): void;
}

export interface SnmpAuthorizer {
  addCommunity(community: string): void;
  addUser(user: SnmpUser): void;
}

export interface SnmpMib {
  registerProvider(provider: Record<string, unknown>): void;
  setScalarValue(name: string, value: unknown): void;
  addTableRow(name: string, row: unknown[]): void;
}

export interface SnmpAgent {
  getAuthorizer(): SnmpAuthorizer;
  getMib(): SnmpMib;
  close(callback?: () => void): void;
}

interface NetSnmp {
  createSession(target: string, community: string, options: SnmpSessionOptions): SnmpSession;
  createV3Session(target: string, user: SnmpUser, options: SnmpSessionOptions): SnmpSession;
  createAgent(options: Record<string, unknown>, callback: (error: Error | null, data: unknown) => void): SnmpAgent;
  isVarbindError(varbind: SnmpVarbind): boolean;
  Version1: number;
  Version2c: number;
  ObjectType: Record<string, number>;
  MibProviderType: { Scalar: number; Table: number };
  MaxAccess: Record<string, number>;
  SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
  /** Bidirectional: name → number and number → name. */
  AuthProtocols: Record<string, number | string>;
  PrivProtocols: Record<string, number | string>;
  ResponseInvalidCode: Record<string, number>;
  RequestTimedOutError: new (...args: unknown[]) => Error;
  RequestFailedError: new (...args: unknown[]) => Error & { status?: number };
  ResponseInvalidError: new (...args: unknown[]) => Error & { code?: number };
  RequestInvalidError: new (...args: unknown[]) => Error;
}

export const snmp = createRequire(import.meta.url)("net-snmp") as NetSnmp;
