import type { ValidateFunction } from "ajv";
import { compileConfigSchema, type Manifest, type Target } from "@opsconductor/sdk";
import { isBareHost } from "../broker/core/targets.ts";
import { hostError } from "../errors.ts";
import { configProblems, describeProblems } from "./config-problems.ts";

type Properties = Record<string, Record<string, unknown>>;

/** How the host reads an addon's `config_schema`: its secrets, its targets, its poll interval. */
export interface ConfigSchemaInfo {
  /** Properties marked `"sensitive": true`: write-only, encrypted at rest, given only to the broker. */
  sensitive: string[];
  /** The property with `"x-widget": "targets"`: the array the instance's targets come from. */
  targets: string | undefined;
  /** The property with `"x-widget": "poll-interval"` (seconds). */
  pollInterval: string | undefined;
}

export function configSchemaInfo(manifest: Manifest): ConfigSchemaInfo {
  const properties = manifest.config_schema.properties as Properties;
  const names = Object.keys(properties);
  return {
    sensitive: names.filter((name) => properties[name]!.sensitive === true),
    targets: names.find((name) => properties[name]!["x-widget"] === "targets"),
    pollInterval: names.find((name) => properties[name]!["x-widget"] === "poll-interval"),
  };
}

/**
 * Validates a full config (secrets included) against the addon's config_schema, applying
 * its defaults in place. CONNECTOR_CONFIG_INVALID names every failing field, in its message
 * and as `details.fields` ({@link configProblems}), which the UI marks the fields by.
 * A schema that cannot check a config at all (it does not compile, or the check overflows the
 * stack: one installed before the manifest check refused such schemas) is ADDON_CONFIG_SCHEMA_INVALID,
 * the addon's fault, never INTERNAL.
 */
export function validateConfig(manifest: Manifest, config: Record<string, unknown>): void {
  let valid: boolean;
  let validate: ValidateFunction;
  try {
    // Compiled once per schema text, as the manifest check compiled it.
    validate = compileConfigSchema(manifest.config_schema);
    valid = validate(config) as boolean;
  } catch (error) {
    const reason = error instanceof RangeError ? "the stack overflowed" : (error as Error).message;
    throw hostError("ADDON_CONFIG_SCHEMA_INVALID", `${manifest.id} ${manifest.version}: its config_schema cannot check a config (${reason})`,
      { id: manifest.id, version: manifest.version }, error);
  }
  if (!valid) {
    const fields = configProblems(validate.errors);
    throw hostError("CONNECTOR_CONFIG_INVALID", `config is invalid: ${describeProblems(fields)}`, { fields });
  }
}

/**
 * CONNECTOR_CONFIG_INVALID when a target's host is not a bare name or address (a URL, a
 * host:port): the broker calls only bare hosts, so such a target would pass the schema and fail
 * every poll. Checked when a config is saved, not when a stored one starts: there, one bad target
 * fails alone (BROKER_TARGET_UNKNOWN) while its instance's other targets go on.
 */
export function checkTargetHosts(manifest: Manifest, config: Readonly<Record<string, unknown>>): void {
  const targets = configSchemaInfo(manifest).targets;
  const list = targets === undefined ? undefined : config[targets];
  if (!Array.isArray(list)) return;
  const fields = list.flatMap((item, index) => {
    const host = (item as { host?: unknown } | null)?.host;
    return typeof host === "string" && !isBareHost(host)
      ? [{ pointer: `/${targets}/${index}/host`, message: "must be a host name or an IP address alone (no scheme, port or path)" }]
      : [];
  });
  if (fields.length > 0) throw hostError("CONNECTOR_CONFIG_INVALID", `config is invalid: ${describeProblems(fields)}`, { fields });
}

/** Splits a validated config into what the sandbox may see and the secrets only the broker gets. */
export function splitConfig(info: ConfigSchemaInfo, config: Record<string, unknown>): { config: Record<string, unknown>; secrets: Record<string, unknown> } {
  const plain: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    if (info.sensitive.includes(name)) secrets[name] = value;
    else plain[name] = value;
  }
  return { config: plain, secrets };
}

/**
 * The instance's targets, from its `targets` widget array. An entry without `id` takes its
 * host as id, one without `name` its id; entries without a host are skipped.
 */
export function targetsOf(info: ConfigSchemaInfo, config: Readonly<Record<string, unknown>>): Target[] {
  const list = info.targets ? config[info.targets] : undefined;
  if (!Array.isArray(list)) return [];
  const targets: Target[] = [];
  for (const item of list) {
    if (typeof item !== "object" || item === null || typeof (item as Target).host !== "string") continue;
    const entry = item as Record<string, unknown>;
    const id = typeof entry.id === "string" && entry.id !== "" ? entry.id : String(entry.host);
    const name = typeof entry.name === "string" && entry.name !== "" ? entry.name : id;
    if (targets.some((target) => target.id === id)) continue;
    targets.push({ ...entry, id, name, host: String(entry.host) });
  }
  return targets;
}
