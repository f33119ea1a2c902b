import type { NormalizedAlert, RawEvent } from "../alerts/model.ts";
import { normalizedAlertSchema } from "../alerts/model.ts";
import { describeErrors, validatorFor } from "../schemas/validator.ts";
import { diffValues, formatDifferences } from "./diff.ts";
import type { LoadedFixture } from "./load-fixtures.ts";

/** What replay needs of a normalizer (the author's class, possibly from a bundle with its own SDK copy). */
export interface FixtureNormalizer {
  normalize(raw: RawEvent): NormalizedAlert | null;
}

export interface FixtureResult {
  label: string;
  passed: boolean;
  /** Readable lines: each differing field, an invalid alert, or the error thrown. */
  problems: string[];
}

/**
 * Runs each fixture's raw event through the normalizer and compares the result
 * with the expected alert (`null` = disabled). When a fixture's `expected` has no
 * `raw`, the actual alert's `raw` is not compared. An actual alert must also be
 * a valid NormalizedAlert.
 *
 * @example
 * const normalizer = new UpsNormalizer(seedToMappingSnapshot("acme.ups", seed));
 * const results = replayFixtures(normalizer, loadFixtureDir("fixtures"));
 * console.log(formatReplayReport(results));
 */
export function replayFixtures(normalizer: FixtureNormalizer, fixtures: readonly LoadedFixture[]): FixtureResult[] {
  return fixtures.map(({ label, fixture }) => {
    let actual: NormalizedAlert | null;
    try {
      actual = normalizer.normalize(structuredClone(fixture.raw) as RawEvent);
    } catch (error) {
      return { label, passed: false, problems: [`normalize threw: ${(error as Error)?.stack ?? String(error)}`] };
    }
    // What the host refuses too: only an alert object, or null for a disabled event.
    if (actual === undefined || typeof actual !== "object" || Array.isArray(actual)) {
      return { label, passed: false, problems: [`normalize returned ${actual === undefined ? "undefined" : Array.isArray(actual) ? "an array" : typeof actual}: an alert object, or null for a disabled event`] };
    }
    const problems: string[] = [];
    if (actual !== null) {
      const validate = validatorFor(normalizedAlertSchema);
      if (!validate(actual)) problems.push(`the alert is not a valid NormalizedAlert: ${describeErrors(validate.errors)}`);
    }
    const expected = fixture.expected;
    const compared = actual !== null && expected !== null && !("raw" in expected) ? withoutRaw(actual) : actual;
    if (expected === null || compared === null) {
      if (expected !== compared) problems.push(expected === null ? "expected null (event disabled), got an alert" : "expected an alert, got null");
    } else {
      problems.push(...formatDifferences(diffValues(expected, compared)));
    }
    return { label, passed: problems.length === 0, problems };
  });
}

function withoutRaw(alert: NormalizedAlert): Omit<NormalizedAlert, "raw"> {
  const { raw: _raw, ...rest } = alert;
  return rest;
}

/**
 * The readable report: `✓ label` or `✗ label` with its problems indented, then
 * `N passed, N failed`.
 *
 * @example
 * process.stdout.write(formatReplayReport(results));
 */
export function formatReplayReport(results: readonly FixtureResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${result.passed ? "✓" : "✗"} ${result.label}`);
    for (const problem of result.problems) lines.push(`    ${problem.replaceAll("\n", "\n    ")}`);
  }
  const failed = results.filter((r) => !r.passed).length;
  lines.push(`${results.length - failed} passed, ${failed} failed`);
  return `${lines.join("\n")}\n`;
}
