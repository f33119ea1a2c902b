import { createSocket } from "node:dgram";
import { snmp, type SnmpAgent, type SnmpUser } from "../../../host/src/broker/snmp/net-snmp.ts";
import { AgentFaults, type SnmpAgentFault } from "./agent-faults.ts";

export type { SnmpAgentFault } from "./agent-faults.ts";

/** SMI types a simulated object may have (net-snmp ObjectType names). */
export type SmiType = "OctetString" | "Integer" | "Counter" | "Gauge" | "TimeTicks" | "Counter64" | "IpAddress" | "OID";

export interface SimulatedScalar {
  /** The object's OID, without the `.0` instance. */
  oid: string;
  type: SmiType;
  value: unknown;
}

export interface SimulatedTable {
  /** The table's OID (e.g. ifTable 1.3.6.1.2.1.2.2); rows live under `<oid>.1.<column>.<index>`. */
  oid: string;
  /** The first column is the (integer) index. */
  columns: Array<{ number: number; name: string; type: SmiType }>;
  rows: unknown[][];
}

export interface SnmpAgentOptions {
  communities?: string[];
  users?: Array<{ name: string; authProtocol: "md5" | "sha"; authKey: string; privProtocol?: "aes" | "des"; privKey?: string }>;
  scalars?: SimulatedScalar[];
  tables?: SimulatedTable[];
}

export interface SnmpAgentSimulator {
  port: number;
  /** Requests (datagrams) received so far, answered or not. */
  readonly received: number;
  /** Changes a scalar (given at start) from now on; kept aside while a `malformed` fault covers it. */
  setScalar(oid: string, value: unknown): void;
  /** Adds a row to a table given at start (first value: the index). */
  addRow(tableOid: string, row: unknown[]): void;
  deleteRow(tableOid: string, index: number): void;
  setCell(tableOid: string, column: number, index: number, value: unknown): void;
  /** Scripts a fault (null: none); it replaces the previous one, which is undone. */
  setFault(fault: SnmpAgentFault | null): void;
  close(): Promise<void>;
}

/** The net-snmp calls used here beyond the broker's typed slice (net-snmp 3.x API). */
interface LiveMib {
  registerProvider(provider: Record<string, unknown>): void;
  unregisterProvider(name: string): void;
  getProvider(name: string): unknown;
  setScalarValue(name: string, value: unknown): void;
  addTableRow(name: string, row: unknown[]): void;
  deleteTableRow(name: string, rowIndex: unknown[]): void;
  setTableSingleCell(name: string, column: number, rowIndex: unknown[], value: unknown): void;
}
interface LiveAuthorizer {
  addCommunity(community: string): void;
  deleteCommunity(community: string): void;
  addUser(user: SnmpUser): void;
  deleteUser(name: string): void;
}

/**
 * A real net-snmp agent on a free loopback UDP port, answering v1/v2c for `communities` and
 * v3 (USM) for `users`, serving the given scalars and tables, which can change while it runs.
 * Faults can be scripted (agent-faults.ts). Device simulators (Siklu, Eaton) build on it.
 */
export async function startSnmpAgent(options: SnmpAgentOptions): Promise<SnmpAgentSimulator> {
  let port = 0;
  let listening!: Promise<void>;
  // Called only once the agent runs: what they touch is set up below.
  const faults = new AgentFaults({
    forgetCredentials() {
      for (const community of communities) authorizer.deleteCommunity(community);
      for (const user of users) authorizer.deleteUser(user.name);
    },
    restoreCredentials: () => addCredentials(),
    serveScalarAs(oid, as) {
      const scalar = scalarAt(oid);
      unregister(scalar.name);
      if (as) registerScalar(scalar.name, oid, as.type, as.value);
    },
    restoreScalar(oid) {
      const scalar = scalarAt(oid);
      unregister(scalar.name);
      registerScalar(scalar.name, oid, scalar.type, scalar.value);
    },
  });
  // net-snmp treats port 0 as "default 161": this dgram wrapper binds the agent's socket to a free
  // port instead, and passes each request through the faults (hang drops it, slow delays it).
  const dgramModule = {
    createSocket(type: "udp4" | "udp6") {
      const socket = createSocket(type);
      const bind = socket.bind.bind(socket);
      const on = socket.on.bind(socket) as (event: string, listener: (...args: unknown[]) => void) => typeof socket;
      listening = new Promise<void>((resolve) => socket.once("listening", () => {
        port = socket.address().port;
        resolve();
      }));
      (socket as unknown as { bind: (port: number, address: string) => void }).bind = (_port: number, address: string) => bind(0, address);
      (socket as unknown as { on: typeof on }).on = (event, listener) => on(event, event === "message" ? faults.gate(listener) : listener);
      return socket;
    },
  };
  const agent: SnmpAgent = snmp.createAgent({ port: 1, address: "127.0.0.1", transport: "udp4", dgramModule }, () => undefined);
  const authorizer = agent.getAuthorizer() as unknown as LiveAuthorizer;
  const communities = options.communities ?? [];
  const users: SnmpUser[] = (options.users ?? []).map((user) => ({
    name: user.name,
    level: user.privKey ? snmp.SecurityLevel.authPriv : snmp.SecurityLevel.authNoPriv,
    authProtocol: snmp.AuthProtocols[user.authProtocol] as number, authKey: user.authKey,
    ...(user.privKey ? { privProtocol: snmp.PrivProtocols[user.privProtocol ?? "aes"] as number, privKey: user.privKey } : {}),
  }));
  const addCredentials = () => {
    for (const community of communities) authorizer.addCommunity(community);
    for (const user of users) authorizer.addUser(user);
  };
  addCredentials();

  const mib = agent.getMib() as unknown as LiveMib;
  const readOnly = snmp.MaxAccess["read-only"];
  const scalars = new Map((options.scalars ?? []).map((scalar, i) => [scalar.oid, { ...scalar, name: `scalar${i}` }]));
  const registerScalar = (name: string, oid: string, type: SmiType, value: unknown) => {
    mib.registerProvider({ name, type: snmp.MibProviderType.Scalar, oid, scalarType: snmp.ObjectType[type], maxAccess: readOnly });
    mib.setScalarValue(name, value);
  };
  for (const scalar of scalars.values()) registerScalar(scalar.name, scalar.oid, scalar.type, scalar.value);
  const tableNames = new Map<string, string>();
  for (const [i, table] of (options.tables ?? []).entries()) {
    const name = `table${i}`;
    tableNames.set(table.oid, name);
    mib.registerProvider({
      // net-snmp places columns directly under the provider's OID: register the conceptual row (`<table>.1`).
      name, type: snmp.MibProviderType.Table, oid: `${table.oid}.1`, maxAccess: snmp.MaxAccess["not-accessible"],
      tableColumns: table.columns.map((column) => ({ ...column, type: snmp.ObjectType[column.type], maxAccess: readOnly })),
      tableIndex: [{ columnName: table.columns[0]!.name }],
    });
    for (const row of table.rows) mib.addTableRow(name, row);
  }

  // net-snmp's unregisterProvider throws for a name it does not have (a scalar already gone).
  const unregister = (name: string) => {
    if (mib.getProvider(name)) mib.unregisterProvider(name);
  };
  const scalarAt = (oid: string) => {
    const scalar = scalars.get(oid);
    if (!scalar) throw new Error(`the agent serves no scalar ${oid}`);
    return scalar;
  };
  const tableAt = (oid: string) => {
    const name = tableNames.get(oid);
    if (!name) throw new Error(`the agent serves no table ${oid}`);
    return name;
  };

  await listening;
  return {
    port,
    get received() {
      return faults.received;
    },
    setScalar(oid, value) {
      const scalar = scalarAt(oid);
      scalar.value = value;
      if (!faults.covers(oid)) mib.setScalarValue(scalar.name, value);
    },
    addRow: (tableOid, row) => mib.addTableRow(tableAt(tableOid), row),
    deleteRow: (tableOid, index) => mib.deleteTableRow(tableAt(tableOid), [index]),
    setCell: (tableOid, column, index, value) => mib.setTableSingleCell(tableAt(tableOid), column, [index], value),
    setFault: (fault) => faults.set(fault),
    close: () => new Promise<void>((resolve) => {
      faults.close();
      agent.close(() => resolve());
    }),
  };
}
