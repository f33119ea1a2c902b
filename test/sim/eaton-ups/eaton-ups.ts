import { snmp, type SnmpAgent } from "../../../host/src/broker/snmp/net-snmp.ts";
import { startSnmpAgent, type SnmpAgentOptions, type SnmpAgentSimulator } from "../snmp-agent/snmp-agent.ts";
import { HEALTHY_UPS, SCALARS, scalarValue, UPS_MIB, XUPS, type EatonUpsState } from "./mib.ts";

export * from "./mib.ts";

/** The alarm tables: `ups` = upsAlarmTable (RFC 1628), `xups` = xupsAlarmTable (XUPS-MIB). */
export type AlarmTable = "ups" | "xups";

export interface EatonUpsOptions {
  communities?: SnmpAgentOptions["communities"];
  users?: SnmpAgentOptions["users"];
  state?: Partial<EatonUpsState>;
}

export interface EatonUpsSimulator {
  port: number;
  readonly state: Readonly<EatonUpsState>;
  /** Changes what the UPS reports from now on. */
  set(changes: Partial<EatonUpsState>): void;
  /** Adds a row to an alarm table (descr = the alarm's OID); returns its row id. */
  addAlarm(table: AlarmTable, descr: string): number;
  /** Removes the row with this id (as the card does when the condition clears). */
  removeAlarm(table: AlarmTable, id: number): void;
  close(): Promise<void>;
}

/** The net-snmp MIB calls this simulator uses beyond the typed slice (net-snmp 3.x API). */
interface LiveMib {
  setScalarValue(name: string, value: unknown): void;
  addTableRow(name: string, row: unknown[]): void;
  deleteTableRow(name: string, rowIndex: unknown[]): void;
  setTableSingleCell(name: string, column: number, rowIndex: unknown[], value: unknown): void;
}

const ALARM_COLUMNS = (prefix: string) => [
  { number: 1, name: `${prefix}AlarmId`, type: "Integer" as const },
  { number: 2, name: `${prefix}AlarmDescr`, type: "OID" as const },
  { number: 3, name: `${prefix}AlarmTime`, type: "TimeTicks" as const },
];

/**
 * An Eaton UPS network card on a loopback UDP port (v1/v2c communities, v3 users): the
 * XUPS-MIB and UPS-MIB scalars of `state`, upsOutputTable (one phase) and both alarm tables,
 * all changeable while it runs, so that successive polls see a power event unfold.
 */
export async function startEatonUps(options: EatonUpsOptions = {}): Promise<EatonUpsSimulator> {
  let state: EatonUpsState = { ...HEALTHY_UPS, ...options.state };
  const rows: Record<AlarmTable, Map<number, string>> = { ups: new Map(), xups: new Map() };
  let nextId = 1;
  const counts = () => ({ ups: rows.ups.size, xups: rows.xups.size });
  // Provider names follow startSnmpAgent's registration order: scalar<i>, table<i>.
  const tables = { output: "table0", ups: "table1", xups: "table2" };
  const { simulator, mib } = await startWithMib({
    communities: options.communities, users: options.users,
    scalars: SCALARS.map((scalar) => ({ oid: scalar.oid, type: scalar.type, value: scalar.key ? scalarValue(scalar.key, state, counts(), scalar.oid) : scalar.value })),
    tables: [
      { oid: `${UPS_MIB}.4.4`, columns: [
        { number: 1, name: "upsOutputLineIndex", type: "Integer" }, { number: 2, name: "upsOutputVoltage", type: "Integer" },
        { number: 3, name: "upsOutputCurrent", type: "Integer" }, { number: 4, name: "upsOutputPower", type: "Integer" },
        { number: 5, name: "upsOutputPercentLoad", type: "Integer" }], rows: [[1, 230, 41, 930, state.loadPercent]] },
      { oid: `${UPS_MIB}.6.2`, columns: ALARM_COLUMNS("ups"), rows: [] },
      { oid: `${XUPS}.7.2`, columns: ALARM_COLUMNS("xups"), rows: [] },
    ],
  });

  const refresh = () => {
    SCALARS.forEach((scalar, i) => {
      if (scalar.key) mib.setScalarValue(`scalar${i}`, scalarValue(scalar.key, state, counts(), scalar.oid));
    });
    mib.setTableSingleCell(tables.output, 5, [1], state.loadPercent);
  };
  const uptimeTicks = () => Math.floor(process.uptime() * 100);

  return {
    port: simulator.port,
    get state() {
      return state;
    },
    set(changes) {
      state = { ...state, ...changes };
      refresh();
    },
    addAlarm(table, descr) {
      const id = nextId++;
      rows[table].set(id, descr);
      mib.addTableRow(tables[table], [id, descr, uptimeTicks()]);
      refresh();
      return id;
    },
    removeAlarm(table, id) {
      if (!rows[table].delete(id)) throw new Error(`no ${table} alarm row ${id}`);
      mib.deleteTableRow(tables[table], [id]);
      refresh();
    },
    close: () => simulator.close(),
  };
}

/**
 * startSnmpAgent, keeping a handle on the agent's MIB so that values and rows can change while
 * it runs. startSnmpAgent does not return its agent, so net-snmp's `createAgent` is wrapped for
 * the one synchronous call it makes before its first await. (If startSnmpAgent ever returns its
 * MIB, use that instead.)
 */
async function startWithMib(options: SnmpAgentOptions): Promise<{ simulator: SnmpAgentSimulator; mib: LiveMib }> {
  const library = snmp as unknown as { createAgent: (...args: unknown[]) => SnmpAgent };
  const createAgent = library.createAgent;
  let agent: SnmpAgent | undefined;
  library.createAgent = (...args) => (agent = createAgent.apply(library, args));
  let starting: Promise<SnmpAgentSimulator>;
  try {
    starting = startSnmpAgent(options);
  } finally {
    library.createAgent = createAgent;
  }
  const simulator = await starting;
  if (!agent) throw new Error("startSnmpAgent did not create its agent synchronously");
  return { simulator, mib: agent.getMib() as unknown as LiveMib };
}
