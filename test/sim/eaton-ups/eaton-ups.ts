import { startSnmpAgent, type SnmpAgentFault, type SnmpAgentOptions } from "../snmp-agent/snmp-agent.ts";
import { HEALTHY_UPS, SCALARS, scalarValue, UPS_MIB, XUPS, type EatonUpsState } from "./mib.ts";

export * from "./mib.ts";
export type { SnmpAgentFault } from "../snmp-agent/snmp-agent.ts";

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
  /** Scripts a fault of the card's agent (hang, slow, auth, malformed; see agent-faults.ts), null: none. */
  setFault(fault: SnmpAgentFault | null): void;
  /** SNMP requests the card received so far, answered or not. */
  readonly received: number;
  close(): Promise<void>;
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
  const tables = { output: `${UPS_MIB}.4.4`, ups: `${UPS_MIB}.6.2`, xups: `${XUPS}.7.2` };
  const agent = await startSnmpAgent({
    communities: options.communities, users: options.users,
    scalars: SCALARS.map((scalar) => ({ oid: scalar.oid, type: scalar.type, value: scalar.key ? scalarValue(scalar.key, state, counts(), scalar.oid) : scalar.value })),
    tables: [
      { oid: tables.output, columns: [
        { number: 1, name: "upsOutputLineIndex", type: "Integer" }, { number: 2, name: "upsOutputVoltage", type: "Integer" },
        { number: 3, name: "upsOutputCurrent", type: "Integer" }, { number: 4, name: "upsOutputPower", type: "Integer" },
        { number: 5, name: "upsOutputPercentLoad", type: "Integer" }], rows: [[1, 230, 41, 930, state.loadPercent]] },
      { oid: tables.ups, columns: ALARM_COLUMNS("ups"), rows: [] },
      { oid: tables.xups, columns: ALARM_COLUMNS("xups"), rows: [] },
    ],
  });

  const refresh = () => {
    for (const scalar of SCALARS) if (scalar.key) agent.setScalar(scalar.oid, scalarValue(scalar.key, state, counts(), scalar.oid));
    agent.setCell(tables.output, 5, 1, state.loadPercent);
  };
  const uptimeTicks = () => Math.floor(process.uptime() * 100);

  return {
    port: agent.port,
    get state() {
      return state;
    },
    get received() {
      return agent.received;
    },
    set(changes) {
      state = { ...state, ...changes };
      refresh();
    },
    addAlarm(table, descr) {
      const id = nextId++;
      rows[table].set(id, descr);
      agent.addRow(tables[table], [id, descr, uptimeTicks()]);
      refresh();
      return id;
    },
    removeAlarm(table, id) {
      if (!rows[table].delete(id)) throw new Error(`no ${table} alarm row ${id}`);
      agent.deleteRow(tables[table], id);
      refresh();
    },
    setFault: (fault) => agent.setFault(fault),
    close: () => agent.close(),
  };
}
