/**
 * True when objects and arrays inside `value` go more than `levels` deep (stops at the first such
 * branch, so a hostile depth costs at most `levels` frames). What JSON.parse builds iteratively,
 * JSON.stringify, structuredClone and validators walk recursively: values from outside (request
 * bodies, addon results) are checked with this before anything recurses over them.
 */
export function nestsDeeperThan(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (levels === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestsDeeperThan(item, levels - 1)) return true;
    return false;
  }
  for (const key in value) if (nestsDeeperThan((value as Record<string, unknown>)[key], levels - 1)) return true;
  return false;
}
