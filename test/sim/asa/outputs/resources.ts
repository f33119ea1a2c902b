// `show cpu usage` and `show memory` (reference/protocols.md §8).

export function showCpuUsage(fiveSeconds: number, oneMinute: number, fiveMinutes: number): string {
  return `CPU utilization for 5 seconds = ${fiveSeconds}%; 1 minute: ${oneMinute}%; 5 minutes: ${fiveMinutes}%`;
}

/** `show memory` of a unit with `total` bytes, `usedPercent` of them in use (column-aligned like the device). */
export function showMemory(usedPercent: number, total = 2147483648): string {
  const used = Math.round((total * usedPercent) / 100);
  const column = (bytes: number) => String(bytes).padStart(12);
  return [
    `Free memory:       ${column(total - used)} bytes (${100 - usedPercent}%)`,
    `Used memory:       ${column(used)} bytes (${usedPercent}%)`,
    "-------------     ------------------",
    `Total memory:      ${column(total)} bytes (100%)`,
  ].join("\n");
}

export const CPU_LOW = showCpuUsage(1, 2, 3);
export const CPU_HIGH = showCpuUsage(97, 95, 92);
export const MEMORY_LOW = showMemory(33);
export const MEMORY_HIGH = showMemory(94);

/** 9.x follows `show memory` with a note whose continuation lines are indented under its first word. */
export const MEMORY_WITH_NOTE = `${showMemory(47, 8511614464)}

Note: Free memory is the free system memory. Additional memory may
      be available from memory pools internal to the firewall process.
      Use 'show memory detail' to see this information, but use it
      with care since it may cause CPU hogs and packet loss under load.`;
