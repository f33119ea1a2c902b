import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";

/**
 * A small semantic-versioning implementation (semver 2.0.0 versions, npm-style
 * ranges) with no dependency, so it runs in the sandbox as well as in the host.
 * Ranges: exact (`1.2.3`, `=1.2.3`), comparators (`>`, `>=`, `<`, `<=`), caret
 * (`^1.2.3`), tilde (`~1.2.3`), x-ranges (`1.x`, `1.2.*`, `*`), hyphen ranges
 * (`1.2.3 - 2.0.0`), space-joined sets (AND) and `||` (OR). As in npm, a
 * prerelease version only satisfies a range with a prerelease comparator on the
 * same `major.minor.patch`.
 */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: ReadonlyArray<string | number>;
  build: readonly string[];
}

/** The semver 2.0.0 grammar (semver.org), as a JSON-Schema-usable pattern. */
export const SEMVER_PATTERN =
  "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)" +
  "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?" +
  "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$";
const SEMVER_RE = new RegExp(SEMVER_PATTERN);
const MAX_COMPONENT = Number.MAX_SAFE_INTEGER;

/**
 * Parses a strict semver 2.0.0 version, or returns `null`.
 *
 * @example
 * parseVersion("1.4.0-rc.1"); // { major: 1, minor: 4, patch: 0, prerelease: ["rc", 1], build: [] }
 * parseVersion("v1.4");       // null
 */
export function parseVersion(text: string): SemVer | null {
  const match = SEMVER_RE.exec(text.trim());
  if (!match) return null;
  const [major, minor, patch] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  if (major > MAX_COMPONENT || minor > MAX_COMPONENT || patch > MAX_COMPONENT) return null;
  const prerelease = match[4] ? match[4].split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part)) : [];
  const build = match[5] ? match[5].split(".") : [];
  return { major, minor, patch, prerelease, build };
}

/**
 * True when `text` is a strict semver version.
 *
 * @example
 * isValidVersion("2.0.0"); // true
 */
export function isValidVersion(text: string): boolean {
  return parseVersion(text) !== null;
}

/** Parses or throws `SEMVER_INVALID`. */
function versionOrThrow(value: string | SemVer): SemVer {
  if (typeof value !== "string") return value;
  const parsed = parseVersion(value);
  if (!parsed) throw new OcError(SdkErrorCodes.SEMVER_INVALID, `"${value}" is not a semver version (MAJOR.MINOR.PATCH)`);
  return parsed;
}

/**
 * Orders two versions by semver precedence (build metadata ignored): negative
 * when `a < b`, 0 when equal, positive when `a > b`. Throws `SEMVER_INVALID`.
 *
 * @example
 * compareVersions("1.0.0-alpha", "1.0.0"); // < 0
 * ["1.10.0", "1.2.0"].sort(compareVersions); // ["1.2.0", "1.10.0"]
 */
export function compareVersions(a: string | SemVer, b: string | SemVer): number {
  const left = versionOrThrow(a);
  const right = versionOrThrow(b);
  return (
    left.major - right.major ||
    left.minor - right.minor ||
    left.patch - right.patch ||
    comparePrerelease(left.prerelease, right.prerelease)
  );
}

function comparePrerelease(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): number {
  // A release sorts after its prereleases: 1.0.0-rc.1 < 1.0.0.
  if (a.length === 0 || b.length === 0) return (a.length === 0 ? 1 : 0) - (b.length === 0 ? 1 : 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    if (typeof x === "number") return -1;
    if (typeof y === "number") return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

type Operator = "<" | "<=" | ">" | ">=" | "=";
interface Comparator {
  operator: Operator;
  version: SemVer;
}
/** A parsed range: OR of sets, each an AND of comparators (an empty set matches any release). */
export type Range = Comparator[][];

const PARTIAL_RE = /^(?:v)?(\*|x|X|0|[1-9]\d*)(?:\.(\*|x|X|0|[1-9]\d*)(?:\.(\*|x|X|0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?)?)?$/;

interface PartialVersion {
  major?: number;
  minor?: number;
  patch?: number;
  prerelease: ReadonlyArray<string | number>;
}

function parsePartial(text: string, range: string): PartialVersion {
  if (text === "" || text === "*" || text === "x" || text === "X") return { prerelease: [] };
  const match = PARTIAL_RE.exec(text);
  if (!match) throw rangeError(range, `"${text}" is not a version`);
  const wild = (part: string | undefined) => part === undefined || part === "*" || part === "x" || part === "X";
  const result: PartialVersion = { prerelease: match[4] ? parseVersion(`0.0.0-${match[4]}`)?.prerelease ?? [] : [] };
  if (match[4] && result.prerelease.length === 0) throw rangeError(range, `"${text}" has an invalid prerelease`);
  if (wild(match[1])) return result;
  result.major = Number(match[1]);
  if (wild(match[2])) return result;
  result.minor = Number(match[2]);
  if (wild(match[3])) return result;
  result.patch = Number(match[3]);
  return result;
}

function v(major: number, minor: number, patch: number, prerelease: ReadonlyArray<string | number> = []): SemVer {
  return { major, minor, patch, prerelease, build: [] };
}
/** The lowest version of a line: `<2.0.0-0` excludes 2.0.0's prereleases too. */
function floor(major: number, minor: number, patch: number): SemVer {
  return v(major, minor, patch, [0]);
}

function desugarCaret(p: PartialVersion): Comparator[] {
  if (p.major === undefined) return [];
  const low = v(p.major, p.minor ?? 0, p.patch ?? 0, p.prerelease);
  let high: SemVer;
  if (p.major > 0 || p.minor === undefined) high = floor(p.major + 1, 0, 0);
  else if (p.minor > 0 || p.patch === undefined) high = floor(0, p.minor + 1, 0);
  else high = floor(0, p.minor, p.patch + 1);
  return [{ operator: ">=", version: low }, { operator: "<", version: high }];
}

function desugarTilde(p: PartialVersion): Comparator[] {
  if (p.major === undefined) return [];
  const low = v(p.major, p.minor ?? 0, p.patch ?? 0, p.prerelease);
  const high = p.minor === undefined ? floor(p.major + 1, 0, 0) : floor(p.major, p.minor + 1, 0);
  return [{ operator: ">=", version: low }, { operator: "<", version: high }];
}

/** `1.2` means "any 1.2.x": expands a partial with an operator into full comparators. */
function desugarComparator(operator: Operator, p: PartialVersion): Comparator[] {
  if (p.major === undefined) return operator === "<" || operator === ">" ? [{ operator: "<", version: floor(0, 0, 0) }] : [];
  if (p.minor !== undefined && p.patch !== undefined) return [{ operator, version: v(p.major, p.minor, p.patch, p.prerelease) }];
  const low = v(p.major, p.minor ?? 0, 0);
  const high = p.minor === undefined ? floor(p.major + 1, 0, 0) : floor(p.major, p.minor + 1, 0);
  switch (operator) {
    case "=": return [{ operator: ">=", version: low }, { operator: "<", version: high }];
    case ">=": return [{ operator: ">=", version: low }];
    case "<": return [{ operator: "<", version: floor(low.major, low.minor, 0) }];
    case ">": return [{ operator: ">=", version: high.prerelease.length ? v(high.major, high.minor, high.patch) : high }];
    case "<=": return [{ operator: "<", version: high }];
  }
}

function parseHyphen(from: string, to: string, range: string): Comparator[] {
  const low = parsePartial(from, range);
  const high = parsePartial(to, range);
  const lower = low.major === undefined ? [] : [{ operator: ">=" as const, version: v(low.major, low.minor ?? 0, low.patch ?? 0, low.prerelease) }];
  if (high.major === undefined) return lower;
  if (high.minor !== undefined && high.patch !== undefined)
    return [...lower, { operator: "<=", version: v(high.major, high.minor, high.patch, high.prerelease) }];
  return [...lower, ...desugarComparator("<=", high)];
}

const COMPARATOR_RE = /^(\^|~>?|>=|<=|>|<|=)?\s*(.*)$/;

function parseSet(text: string, range: string): Comparator[] {
  const trimmed = text.trim();
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(trimmed);
  if (hyphen) return parseHyphen(hyphen[1]!, hyphen[2]!, range);
  // "> = 1.2" style gaps between operator and version are joined first.
  const tokens = trimmed.replace(/(\^|~>?|>=|<=|>|<|=)\s+/g, "$1").split(/\s+/).filter(Boolean);
  const comparators: Comparator[] = [];
  for (const token of tokens) {
    const [, operator = "", rest = ""] = COMPARATOR_RE.exec(token) ?? [];
    const partial = parsePartial(rest, range);
    if (operator === "^") comparators.push(...desugarCaret(partial));
    else if (operator.startsWith("~")) comparators.push(...desugarTilde(partial));
    else comparators.push(...desugarComparator((operator || "=") as Operator, partial));
  }
  return comparators;
}

function rangeError(range: string, why: string): OcError {
  return new OcError(SdkErrorCodes.SEMVER_INVALID, `"${range}" is not a valid version range: ${why}`);
}

/**
 * Parses an npm-style range; throws `SEMVER_INVALID` naming the bad part.
 *
 * @example
 * parseRange("^1.2.0 || >=2.1.0 <3");
 */
export function parseRange(range: string): Range {
  if (range.length > 256) throw rangeError(range.slice(0, 40) + "…", "longer than 256 characters");
  return range.split("||").map((set) => parseSet(set, range));
}

/**
 * True when `range` parses.
 *
 * @example
 * isValidRange(">=0.1.0 <1"); // true
 * isValidRange("one.two");    // false
 */
export function isValidRange(range: string): boolean {
  try {
    parseRange(range);
    return true;
  } catch {
    return false;
  }
}

function testComparator(version: SemVer, comparator: Comparator): boolean {
  const order = compareVersions(version, comparator.version);
  switch (comparator.operator) {
    case "<": return order < 0;
    case "<=": return order <= 0;
    case ">": return order > 0;
    case ">=": return order >= 0;
    case "=": return order === 0;
  }
}

function testSet(version: SemVer, set: Comparator[]): boolean {
  if (!set.every((comparator) => testComparator(version, comparator))) return false;
  if (version.prerelease.length === 0) return true;
  // A prerelease only matches when the range opts into prereleases of that same release.
  return set.some(
    (c) => c.version.prerelease.length > 0
      && c.version.major === version.major && c.version.minor === version.minor && c.version.patch === version.patch,
  );
}

/**
 * True when `version` is inside `range`. Throws `SEMVER_INVALID` for a bad version or range.
 *
 * @example
 * satisfies("0.1.4", "^0.1.0");  // true
 * satisfies("0.2.0", "^0.1.0");  // false
 * satisfies("1.5.0", "1.x || >=3"); // true
 */
export function satisfies(version: string | SemVer, range: string | Range): boolean {
  const parsed = versionOrThrow(version);
  const sets = typeof range === "string" ? parseRange(range) : range;
  return sets.some((set) => testSet(parsed, set));
}
