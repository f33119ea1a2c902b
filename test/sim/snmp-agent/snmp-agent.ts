import { createSocket } from "node:dgram";
import { snmp, type SnmpAgent } from "../../../host/src/broker/snmp/net-snmp.ts";

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
  close(): Promise<void>;
}

/**
 * A real net-snmp agent on a free loopback UDP port, answering v1/v2c for
 * `communities` and v3 (USM) for `users`, serving the given scalars and tables.
 * Device simulators (Siklu, Eaton) build on it.
 */
export async function startSnmpAgent(options: SnmpAgentOptions): Promise<SnmpAgentSimulator> {
  let port = 0;
  let listening!: Promise<void>;
  // net-snmp treats port 0 as "default 161"; this dgram wrapper binds the agent's socket to a free port instead.
  const dgramModule = {
    createSocket(type: "udp4" | "udp6") {
      const socket = createSocket(type);
      const bind = socket.bind.bind(socket);
      listening = new Promise<void>((resolve) => socket.once("listening", () => {
        port = socket.address().port;
        resolve();
      }));
      (socket as unknown as { bind: (port: number, address: string) => void }).bind = (_port: number, address: string) => bind(0, address);
      return socket;
    },
  };
  const agent: SnmpAgent = snmp.createAgent({ port: 1, address: "127.0.0.1", transport: "udp4", dgramModule }, () => undefined);
  const authorizer = agent.getAuthorizer();
  for (const community of options.communities ?? []) authorizer.addCommunity(community);
  for (const user of options.users ?? []) {
    authorizer.addUser({
      name: user.name,
      level: user.privKey ? snmp.SecurityLevel.authPriv : snmp.SecurityLevel.authNoPriv,
      authProtocol: snmp.AuthProtocols[user.authProtocol] as number, authKey: user.authKey,
      ...(user.privKey ? { privProtocol: snmp.PrivProtocols[user.privProtocol ?? "aes"] as number, privKey: user.privKey } : {}),
    });
  }
  const mib = agent.getMib();
  const readOnly = snmp.MaxAccess["read-only"];
  for (const [i, scalar] of (options.scalars ?? []).entries()) {
    const name = `scalar${i}`;
    mib.registerProvider({ name, type: snmp.MibProviderType.Scalar, oid: scalar.oid, scalarType: snmp.ObjectType[scalar.type], maxAccess: readOnly });
    mib.setScalarValue(name, scalar.value);
  }
  for (const [i, table] of (options.tables ?? []).entries()) {
    const name = `table${i}`;
    mib.registerProvider({
      // net-snmp places columns directly under the provider's OID: register the conceptual row (`<table>.1`).
      name, type: snmp.MibProviderType.Table, oid: `${table.oid}.1`, maxAccess: snmp.MaxAccess["not-accessible"],
      tableColumns: table.columns.map((column) => ({ ...column, type: snmp.ObjectType[column.type], maxAccess: readOnly })),
      tableIndex: [{ columnName: table.columns[0]!.name }],
    });
    for (const row of table.rows) mib.addTableRow(name, row);
  }
  await listening;
  return { port, close: () => new Promise<void>((resolve) => agent.close(() => resolve())) };
}
