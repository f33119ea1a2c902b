// The objects a PRTG simulator serves (reference/protocols.md §1): sensors and devices, how
// /api/table.json renders them (display columns with `_raw` twins), and a generator.

/** Sensor states by `status_raw` (PrtgAPI's Status enum) with the display text PRTG shows. */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  0: "None",
  1: "Unknown",
  2: "Collecting",
  3: "Up",
  4: "Warning",
  5: "Down",
  6: "No Probe",
  7: "Paused (paused by user)",
  8: "Paused (paused by dependency)",
  9: "Paused (paused by schedule)",
  10: "Unusual",
  11: "Paused (paused by license)",
  12: "Paused until 2026-03-01 08:00",
  13: "Down (Acknowledged)",
  14: "Down (Partial)",
};

export interface SimSensor {
  objid: number;
  sensor: string;
  status_raw: number;
  /** The `status` display text, when not PRTG's English name of `status_raw` (a localized server's, say). */
  status_text?: string;
  /** Plain text; served as `message_raw`, and wrapped in PRTG's HTML as `message`. */
  message: string;
  device: string;
  /** The device's address (the `host` column). */
  host: string;
  /** objid of the device: `parentid`. */
  parentid: number;
  group: string;
  probe: string;
  priority: number;
  lastvalue?: { text: string; raw: number };
  lastcheck: Date;
  lastup?: Date;
  lastdown?: Date;
}

export interface SimDevice {
  objid: number;
  device: string;
  host: string;
  group: string;
  probe: string;
  status_raw: number;
  message: string;
  tags: string;
  /** Served without its objid column: a malformed row. */
  withoutObjid?: true;
}

/** Days since 1899-12-30, PRTG's `_raw` date form (an OLE automation date). */
export function oleDate(date: Date): number {
  return date.getTime() / 86_400_000 + 25_569;
}

function displayDate(date: Date): string {
  return date.toISOString().replace("T", " ").slice(0, 19);
}

/** A column as PRTG renders it: the display value and, for most columns, a `_raw` twin. */
type Cell = { display: unknown; raw?: unknown };

function sensorCells(sensor: SimSensor): Record<string, Cell> {
  return {
    objid: { display: sensor.objid },
    sensor: { display: sensor.sensor },
    name: { display: sensor.sensor },
    device: { display: sensor.device },
    host: { display: sensor.host },
    group: { display: sensor.group },
    probe: { display: sensor.probe },
    parentid: { display: sensor.parentid },
    status: { display: sensor.status_text ?? STATUS_TEXT[sensor.status_raw] ?? "Unknown", raw: sensor.status_raw },
    message: { display: `<div class="status">${escapeHtml(sensor.message)}<div class="moreicon"></div></div>`, raw: sensor.message },
    priority: { display: sensor.priority, raw: sensor.priority },
    lastvalue: sensor.lastvalue ? { display: sensor.lastvalue.text, raw: sensor.lastvalue.raw } : { display: "", raw: "" },
    lastcheck: dateCell(sensor.lastcheck),
    lastup: dateCell(sensor.lastup),
    lastdown: dateCell(sensor.lastdown),
    downtimesince: sensor.lastdown && [5, 13, 14].includes(sensor.status_raw)
      ? { display: "some time", raw: Math.round((sensor.lastcheck.getTime() - sensor.lastdown.getTime()) / 1000) }
      : { display: "", raw: "" },
  };
}

function deviceCells(device: SimDevice, sensors: readonly SimSensor[]): Record<string, Cell> {
  const own = sensors.filter((sensor) => sensor.parentid === device.objid);
  const count = (...statuses: number[]) => {
    const n = own.filter((sensor) => statuses.includes(sensor.status_raw)).length;
    return { display: n, raw: n };
  };
  return {
    objid: { display: device.objid },
    device: { display: device.device },
    name: { display: device.device },
    host: { display: device.host },
    group: { display: device.group },
    probe: { display: device.probe },
    status: { display: STATUS_TEXT[device.status_raw] ?? "Unknown", raw: device.status_raw },
    message: { display: `<div class="status">${escapeHtml(device.message)}</div>`, raw: device.message },
    tags: { display: device.tags },
    upsens: count(3), downsens: count(5), downacksens: count(13), partialdownsens: count(14), warnsens: count(4),
    pausedsens: count(7, 8, 9, 11, 12), unusualsens: count(10), undefinedsens: count(0, 1, 2, 6), totalsens: count(...Object.keys(STATUS_TEXT).map(Number)),
  };
}

function dateCell(date: Date | undefined): Cell {
  return date ? { display: displayDate(date), raw: oleDate(date) } : { display: "", raw: "" };
}

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

export interface RenderOptions {
  /** Numbers as JSON strings ("5"), as some PRTG versions emit them. */
  numbersAsStrings: boolean;
  /** Leave every `_raw` twin out (an older or trimmed server). */
  omitRawColumns: boolean;
}

export const DEFAULT_SENSOR_COLUMNS = ["objid", "device", "sensor", "status", "message", "lastvalue", "priority"] as const;
export const DEFAULT_DEVICE_COLUMNS = ["objid", "device", "host", "group", "status", "message"] as const;

/**
 * One table row as PRTG's JSON renders it: each requested column (`x` or `x_raw`) gives
 * its display value and, when it has one, its `_raw` twin.
 */
export function renderRow(cells: Record<string, Cell>, columns: readonly string[], options: RenderOptions): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const value = (v: unknown) => (options.numbersAsStrings && typeof v === "number" ? String(v) : v);
  for (const column of columns) {
    const base = column.endsWith("_raw") ? column.slice(0, -4) : column;
    const cell = cells[base];
    if (!cell) continue;
    row[base] = value(cell.display);
    if ("raw" in cell && !options.omitRawColumns) row[`${base}_raw`] = value(cell.raw);
  }
  return row;
}

export function renderSensor(sensor: SimSensor, columns: readonly string[], options: RenderOptions): Record<string, unknown> {
  return renderRow(sensorCells(sensor), columns, options);
}

export function renderDevice(device: SimDevice, sensors: readonly SimSensor[], columns: readonly string[], options: RenderOptions): Record<string, unknown> {
  const row = renderRow(deviceCells(device, sensors), columns, options);
  if (device.withoutObjid) delete row.objid;
  return row;
}

/** The devices the sensors hang under (one per distinct `parentid`), Up unless a sensor is Down. */
export function devicesOf(sensors: readonly SimSensor[]): SimDevice[] {
  const devices = new Map<number, SimDevice>();
  for (const sensor of sensors) {
    const device = devices.get(sensor.parentid) ?? {
      objid: sensor.parentid, device: sensor.device, host: sensor.host, group: sensor.group, probe: sensor.probe,
      status_raw: 3, message: "OK", tags: "simulated",
    };
    if (sensor.status_raw === 5) Object.assign(device, { status_raw: 5, message: "Sensor down" });
    devices.set(sensor.parentid, device);
  }
  return [...devices.values()].sort((a, b) => a.objid - b.objid);
}

export interface GenerateOptions {
  /** status_raw of the i-th sensor; default: mostly Up, with every kind of problem and pause sprinkled in. */
  statusOf?: (index: number) => number;
  sensorsPerDevice?: number;
  firstObjid?: number;
  /** lastcheck of every sensor. */
  at?: Date;
}

// Rarest first: a sensor that falls in two rhythms takes the rarer state.
const SPRINKLE: ReadonlyArray<[every: number, status: number]> = [[110, 8], [95, 1], [90, 14], [70, 13], [45, 7], [40, 10], [15, 4], [10, 5]];

/** The default mix: one sensor in 10 Down, 1 in 15 Warning, and rarer Unusual, Paused, Acknowledged, Partial, Unknown. */
export function defaultStatusOf(index: number): number {
  for (const [every, status] of SPRINKLE) if (index % every === every - 1) return status;
  return 3;
}

/**
 * `count` deterministic sensors, `sensorsPerDevice` per device, objids ascending from
 * `firstObjid` (default 10000); device d has objid 1000 + d.
 *
 * @example
 * sim.setSensors(generateSensors(10_000));
 */
export function generateSensors(count: number, options: GenerateOptions = {}): SimSensor[] {
  const statusOf = options.statusOf ?? defaultStatusOf;
  const perDevice = options.sensorsPerDevice ?? 10;
  const first = options.firstObjid ?? 10_000;
  const at = options.at ?? new Date("2026-01-01T00:00:00.000Z");
  const kinds = ["Ping", "HTTP", "SNMP Traffic", "CPU Load", "Disk Free", "Uptime"];
  return Array.from({ length: count }, (_, i) => {
    const d = Math.floor(i / perDevice);
    const status = statusOf(i);
    const problem = status !== 3;
    return {
      objid: first + i,
      sensor: `${kinds[i % kinds.length]} ${i}`,
      status_raw: status,
      message: problem ? `Simulated ${STATUS_TEXT[status] ?? "state"} (code ${status})` : "OK",
      device: `device-${d} [Simulated]`,
      host: `10.${(d >> 16) & 255}.${(d >> 8) & 255}.${d & 255}`,
      parentid: 1000 + d,
      group: `Group ${d % 7}`,
      probe: "Local Probe",
      priority: 3,
      lastvalue: { text: `${i % 100} ms`, raw: i % 100 },
      lastcheck: at,
      ...(problem ? { lastdown: new Date(at.getTime() - 300_000) } : { lastup: at }),
    };
  });
}
