/** One difference between an expected and an actual value, at a dotted path. */
export interface ValueDifference {
  path: string;
  expected: unknown;
  actual: unknown;
}

const MISSING = Symbol("missing");

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Lists where `actual` differs from `expected`, walking objects and arrays; an
 * absent key is reported as `undefined`.
 *
 * @example
 * diffValues({ severity: "major", metrics: { a: 1 } }, { severity: "critical", metrics: { a: 2 } });
 * // [{ path: "metrics.a", expected: 1, actual: 2 }, { path: "severity", expected: "major", actual: "critical" }]
 */
export function diffValues(expected: unknown, actual: unknown, path = ""): ValueDifference[] {
  if (Object.is(expected, actual)) return [];
  const bothArrays = Array.isArray(expected) && Array.isArray(actual);
  if (bothArrays || (isPlainObject(expected) && isPlainObject(actual))) {
    const left = expected as Record<string, unknown>;
    const right = actual as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort(bothArrays ? (a, b) => Number(a) - Number(b) : undefined);
    return keys.flatMap((key) => {
      const child = bothArrays ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      return diffValues(key in left ? left[key] : MISSING, key in right ? right[key] : MISSING, child);
    });
  }
  return [{ path: path || "(value)", expected: expected === MISSING ? undefined : expected, actual: actual === MISSING ? undefined : actual }];
}

/**
 * Renders differences one per line: `severity: expected "major", got "critical"`.
 *
 * @example
 * formatDifferences(diffValues(expected, actual)).join("\n");
 */
export function formatDifferences(differences: ValueDifference[]): string[] {
  const show = (value: unknown) => (value === undefined ? "(absent)" : JSON.stringify(value));
  return differences.map((d) => `${d.path}: expected ${show(d.expected)}, got ${show(d.actual)}`);
}
