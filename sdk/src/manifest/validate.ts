import type { ErrorObject, ValidateFunction } from "ajv";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { createAjv, describeErrors } from "../schemas/validator.ts";
import { configSchemaProblem } from "./config-schema.ts";
import { isValidCron, parseCron } from "./cron.ts";
import { manifestSchema, type Manifest } from "./schema.ts";
import { isValidRange } from "./semver.ts";

let compiled: ValidateFunction | undefined;

/** The manifest validator: defaults on, the `semver-range` and `cron` formats known. Compiled once. */
function manifestValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = createAjv({ useDefaults: true });
    ajv.addFormat("semver-range", { type: "string", validate: isValidRange });
    ajv.addFormat("cron", { type: "string", validate: isValidCron });
    compiled = ajv.compile(manifestSchema);
  }
  return compiled;
}

function invalid(problems: string, details?: Record<string, unknown>): OcError {
  return new OcError(SdkErrorCodes.ADDON_MANIFEST_INVALID, `manifest.json is invalid: ${problems}`, details);
}

/**
 * Validates a parsed `manifest.json` and returns a copy with the defaults applied
 * (`runtime: "isolate"`, empty `capabilities`, `permissions`, `schedules`...).
 * Throws `ADDON_MANIFEST_INVALID` whose message names every failing field.
 *
 * @example
 * const manifest = validateManifest(JSON.parse(readFileSync("manifest.json", "utf8")));
 * manifest.runtime; // "isolate" when the author left it out
 * // throws: "manifest.json is invalid: /category must be one of nms, device"
 */
export function validateManifest(value: unknown): Manifest {
  const copy = copyOf(value);
  const validate = manifestValidator();
  if (!validate(copy)) {
    const errors = (validate.errors ?? []).map((error) => explainCron(error, copy));
    throw invalid(describeErrors(errors), { errors });
  }
  const manifest = copy as Manifest;
  const problems = crossFieldProblems(manifest);
  if (problems.length) throw invalid(problems.join("; "));
  return manifest;
}

/**
 * A copy to apply the defaults to. structuredClone recurses: a config_schema a thousand levels
 * deep overflows it before any check, which is the manifest's fault, named by its field.
 */
function copyOf(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    return structuredClone(value);
  } catch {
    const fields = value !== null && typeof value === "object" ? Object.entries(value) : [];
    const [field] = fields.find(([, field]) => {
      try {
        structuredClone(field);
        return false;
      } catch {
        return true;
      }
    }) ?? [];
    throw invalid(`${field === undefined ? "it" : `/${field}`} nests too deeply to be read`);
  }
}

/**
 * Parses `manifest.json` bytes and validates them; a syntax error is
 * `ADDON_MANIFEST_INVALID` too.
 *
 * @example
 * const manifest = parseManifest(files.get("manifest.json")!);
 */
export function parseManifest(bytes: Uint8Array | string): Manifest {
  return validateManifest(parseManifestJson(bytes));
}

/** JSON-parses manifest bytes, or throws `ADDON_MANIFEST_INVALID`. */
export function parseManifestJson(bytes: Uint8Array | string): unknown {
  const text = typeof bytes === "string" ? bytes : new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid(`not valid JSON (${(error as Error).message})`);
  }
}

/**
 * A `cron` format error with the parser's reason (`minute "61": values must be within 0-59`)
 * instead of ajv's bare `must match format "cron"`: the author learns which field to fix.
 */
function explainCron(error: ErrorObject, manifest: unknown): ErrorObject {
  const index = /^\/schedules\/(\d+)\/cron$/.exec(error.instancePath)?.[1];
  if (error.keyword !== "format" || error.params.format !== "cron" || index === undefined) return error;
  const expression = (manifest as { schedules: Array<{ cron: string }> }).schedules[Number(index)]!.cron;
  try {
    parseCron(expression);
    return error;
  } catch (problem) {
    return { ...error, message: (problem as Error).message };
  }
}

/** What the schema cannot say: a config JSON Schema the host can check configs with, coherent capabilities, unique schedule names. */
function crossFieldProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  const configSchema = configSchemaProblem(manifest.config_schema);
  if (configSchema) problems.push(`/config_schema ${configSchema}`);
  const properties = manifest.config_schema.properties as Record<string, Record<string, unknown>>;
  for (const [name, property] of Object.entries(properties)) {
    if (property.sensitive === true && "default" in property) {
      problems.push(`/config_schema/properties/${name} is sensitive and must not have a default`);
    }
  }
  for (const name of manifest.config_schema.required ?? []) {
    if (!(name in properties)) problems.push(`/config_schema/required names "${name}", which is not in /config_schema/properties`);
  }
  if (manifest.capabilities.includes("traps") && !manifest.permissions.includes("traps")) {
    problems.push(`/capabilities has "traps", which needs "traps" in /permissions`);
  }
  const seen = new Set<string>();
  manifest.schedules.forEach((schedule, index) => {
    if (seen.has(schedule.name)) problems.push(`/schedules/${index}/name "${schedule.name}" is used twice`);
    seen.add(schedule.name);
    if (schedule.job === "device_sync" && !manifest.capabilities.includes("device_sync")) {
      problems.push(`/schedules/${index}/job "device_sync" needs "device_sync" in /capabilities`);
    }
  });
  return problems;
}
