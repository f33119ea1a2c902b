/** One row of `show interface ip brief`. */
export interface InterfaceStatus {
  name: string;
  /** `unassigned` when the interface has no address. */
  ip: string;
  /** `up`, `down`, `administratively down` (or `deleted`). */
  status: string;
  protocol: string;
}

const HEADER = /^\s*Interface\s+IP-Address\s+(?:OK\?\s+)?Method\s+Status\s+Protocol\s*$/m;
const ROW = /^\s*(\S+)\s+(\S+)\s+(?:YES|NO)\s+\S+\s+(administratively down|\S+)\s+(\S+)\s*$/;

/**
 * Parses `show interface ip brief` (fixed-width as printed, or with blanks collapsed); null
 * when the header is missing, a line after it is not a row, or there is no row at all (an ASA
 * always has interfaces). A row skipped, or a table read as empty, would resolve the alerts of
 * interfaces still down.
 *
 * @example
 * parseInterfaces(output).filter((i) => i.status === "down");
 */
export function parseInterfaces(output: string): InterfaceStatus[] | null {
  const header = HEADER.exec(output);
  if (!header) return null;
  const rows: InterfaceStatus[] = [];
  for (const line of output.slice(header.index + header[0].length).split("\n")) {
    if (line.trim() === "") continue;
    const match = ROW.exec(line);
    if (!match) return null;
    rows.push({ name: match[1]!, ip: match[2]!, status: match[3]!, protocol: match[4]! });
  }
  return rows.length > 0 ? rows : null;
}

/**
 * An interface is down when it carries an address, is not administratively down (shut on
 * purpose), and its status or line protocol is not up. Unaddressed interfaces (unused ports,
 * the internal data plane) are not watched.
 */
export function isInterfaceDown(row: InterfaceStatus): boolean {
  if (row.ip === "unassigned" || row.status === "administratively down") return false;
  return row.status !== "up" || row.protocol !== "up";
}
