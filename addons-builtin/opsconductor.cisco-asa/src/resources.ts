/** `show cpu usage`: utilisation over the three windows, in percent. */
export interface CpuUsage {
  fiveSeconds: number;
  oneMinute: number;
  fiveMinutes: number;
}

/** `show memory`: bytes and the used percentage. */
export interface MemoryUsage {
  usedBytes: number;
  totalBytes: number;
  usedPercent: number;
}

const CPU = /CPU utilization for 5 seconds = (\d+)%; 1 minute: (\d+)%; 5 minutes: (\d+)%/;
const USED = /^\s*Used memory:\s*(\d+) bytes(?: \((\d+)%\))?/m;
const FREE = /^\s*Free memory:\s*(\d+) bytes/m;
const TOTAL = /^\s*Total memory:\s*(\d+) bytes/m;

/**
 * Parses `show cpu usage`; on multi-core units the first (overall) line counts. Null when absent.
 *
 * @example
 * parseCpu("CPU utilization for 5 seconds = 1%; 1 minute: 2%; 5 minutes: 3%")?.fiveMinutes; // 3
 */
export function parseCpu(output: string): CpuUsage | null {
  const match = CPU.exec(output);
  if (!match) return null;
  return { fiveSeconds: Number(match[1]), oneMinute: Number(match[2]), fiveMinutes: Number(match[3]) };
}

/**
 * Parses `show memory`: the used percentage as printed, else computed from the byte counts;
 * null when neither can be had (no percentage, and neither the total nor the free bytes: the
 * used bytes alone would read as 100%, a false high_memory).
 *
 * @example
 * parseMemory(output)?.usedPercent; // 33
 */
export function parseMemory(output: string): MemoryUsage | null {
  const used = USED.exec(output);
  if (!used) return null;
  const usedBytes = Number(used[1]);
  const total = TOTAL.exec(output)?.[1];
  const free = FREE.exec(output)?.[1];
  if (used[2] === undefined && total === undefined && free === undefined) return null;
  const totalBytes = total !== undefined ? Number(total) : usedBytes + Number(free ?? 0);
  const usedPercent = used[2] !== undefined ? Number(used[2]) : totalBytes > 0 ? Math.round((usedBytes * 100) / totalBytes) : 0;
  return { usedBytes, totalBytes, usedPercent };
}
