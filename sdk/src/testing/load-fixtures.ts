import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ErrorObject } from "ajv";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { describeErrors, validatorFor } from "../schemas/validator.ts";
import { fixtureFileSchema, type FixtureCase } from "../manifest/fixture-schema.ts";

/** One fixture case and where it came from. */
export interface LoadedFixture {
  /** `fixtures/example.json#2 (sensor down)`. */
  label: string;
  fixture: FixtureCase;
}

/**
 * Parses one fixture file's text into labelled cases; throws `FIXTURE_INVALID`
 * naming the file and field.
 *
 * @example
 * parseFixtureFile("fixtures/example.json", text);
 */
export function parseFixtureFile(name: string, text: string): LoadedFixture[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OcError(SdkErrorCodes.FIXTURE_INVALID, `${name} is not valid JSON (${(error as Error).message})`);
  }
  const validate = validatorFor(fixtureFileSchema);
  if (!validate(value)) {
    // Drop the noise of the "one case or an array" and "alert or null" alternatives.
    const noise = (e: ErrorObject) => e.keyword === "anyOf" || (e.keyword === "type" && (e.instancePath === "" || e.params.type === "null"));
    const relevant = (validate.errors ?? []).filter((e) => !noise(e));
    throw new OcError(SdkErrorCodes.FIXTURE_INVALID, `${name} is invalid: ${describeErrors(relevant.length ? relevant : validate.errors)}`);
  }
  const cases = Array.isArray(value) ? (value as FixtureCase[]) : [value as FixtureCase];
  return cases.map((fixture, index) => ({
    label: `${name}#${index + 1}${fixture.name ? ` (${fixture.name})` : ""}`,
    fixture,
  }));
}

/**
 * Reads every `*.json` in `dir` (sorted), as labelled cases.
 *
 * @example
 * const fixtures = loadFixtureDir("fixtures");
 */
export function loadFixtureDir(dir: string, label = "fixtures"): LoadedFixture[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".json")).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => parseFixtureFile(`${label}/${name}`, readFileSync(join(dir, name), "utf8")));
}
