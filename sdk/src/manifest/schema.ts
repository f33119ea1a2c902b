import type { FromSchema } from "json-schema-to-ts";
import { MIN_POLL_INTERVAL_S } from "../connector/poll-deadline.ts";
import { SEMVER_PATTERN } from "./semver.ts";

/** Reverse-DNS-ish addon ids: `opsconductor.prtg`, `acme.ups-snmp` — lower case, at least two labels. */
export const ADDON_ID_PATTERN = "^[a-z][a-z0-9-]{0,62}(\\.[a-z0-9][a-z0-9-]{0,62}){1,7}$";
/** The leading labels of an addon id, with or without their dot (`acme`, `acme.`, `acme.ups`): what a trusted key may sign under. */
export const ADDON_ID_PREFIX_PATTERN = "^[a-z][a-z0-9-]{0,62}(\\.[a-z0-9][a-z0-9-]{0,62}){0,7}\\.?$";
/** What an addon integrates with (DESIGN §4.1). */
export const ADDON_CATEGORIES = ["nms", "device"] as const;
/** Where an addon runs: `isolate` for everyone, `worker` for trusted and core addons only (DESIGN §4.2, §4.3). */
export const ADDON_RUNTIMES = ["isolate", "worker"] as const;
/** What an addon's connector can do; the host wires its jobs and listeners from these. */
export const ADDON_CAPABILITIES = ["polling", "webhooks", "traps", "device_sync", "metrics"] as const;
/** Which capability-broker doors the addon may open (DESIGN §4.4). */
export const ADDON_PERMISSIONS = ["http", "snmp", "ssh", "traps"] as const;
/** UI hints on config properties (`x-widget`). */
export const CONFIG_WIDGETS = ["targets", "thresholds", "options", "credentials", "poll-interval"] as const;
/** Jobs a manifest schedule can run; `device_sync` calls the connector's `syncDevices`. */
export const SCHEDULE_JOBS = ["device_sync"] as const;

/** One property of an addon's `config_schema`: any JSON Schema, plus the `sensitive` and `x-widget` annotations. */
const configPropertySchema = {
  type: "object",
  properties: {
    sensitive: { type: "boolean" },
    "x-widget": { type: "string", enum: CONFIG_WIDGETS },
  },
  additionalProperties: true,
} as const;

/**
 * JSON Schema of `manifest.json` (DESIGN §4.1). Published as
 * `sdk/schemas/manifest.schema.json`; validate with {@link validateManifest},
 * which also applies the defaults (`runtime: "isolate"`, empty lists) and the
 * checks a schema cannot express.
 */
export const manifestSchema = {
  $id: "https://opsconductor.dev/schemas/manifest.json",
  title: "OpsConductor addon manifest",
  type: "object",
  required: ["id", "name", "version", "category", "description", "publisher", "core"],
  properties: {
    $schema: { type: "string" },
    id: { type: "string", pattern: ADDON_ID_PATTERN, maxLength: 128, description: "Reverse-DNS-ish id, e.g. opsconductor.prtg" },
    name: { type: "string", minLength: 1, maxLength: 100 },
    version: { type: "string", pattern: SEMVER_PATTERN, maxLength: 64, description: "Semver version of the addon" },
    category: { type: "string", enum: ADDON_CATEGORIES },
    description: { type: "string", minLength: 1, maxLength: 2000 },
    publisher: { type: "string", minLength: 1, maxLength: 200 },
    core: { type: "string", minLength: 1, maxLength: 256, format: "semver-range", description: "Semver range of OpsConductor versions, e.g. ^0.1.0" },
    runtime: { type: "string", enum: ADDON_RUNTIMES, default: "isolate" },
    capabilities: { type: "array", items: { type: "string", enum: ADDON_CAPABILITIES }, uniqueItems: true, default: [] },
    permissions: { type: "array", items: { type: "string", enum: ADDON_PERMISSIONS }, uniqueItems: true, default: [] },
    config_schema: {
      type: "object",
      required: ["type", "properties"],
      properties: {
        type: { const: "object" },
        properties: { type: "object", additionalProperties: configPropertySchema },
        required: { type: "array", items: { type: "string" }, uniqueItems: true },
      },
      additionalProperties: true,
      default: { type: "object", properties: {} },
      description: "JSON Schema of a connector instance's configuration",
    },
    defaults: {
      type: "object",
      properties: {
        poll_interval_s: { type: "integer", minimum: MIN_POLL_INTERVAL_S, maximum: 86400 },
        thresholds: { type: "object", additionalProperties: { type: "number" } },
      },
      additionalProperties: false,
      default: {},
    },
    schedules: {
      type: "array",
      maxItems: 20,
      items: {
        type: "object",
        required: ["name", "cron", "job"],
        properties: {
          name: { type: "string", pattern: "^[a-z][a-z0-9_-]{0,62}$" },
          // The `cron` format is the scheduler's own parser (cron.ts), so what validates is what runs.
          cron: { type: "string", minLength: 1, maxLength: 200, format: "cron", description: "m h dom mon dow (UTC), or @hourly/@daily/@midnight/@weekly/@monthly/@yearly/@annually" },
          job: { type: "string", enum: SCHEDULE_JOBS },
        },
        additionalProperties: false,
      },
      default: [],
    },
    homepage: { type: "string", format: "uri", maxLength: 500 },
    license: { type: "string", maxLength: 100 },
  },
  additionalProperties: false,
} as const;

/** A validated manifest, defaults applied. */
export type Manifest = FromSchema<typeof manifestSchema>;
/** A manifest as an author writes it (defaulted fields optional). */
export type ManifestInput = FromSchema<typeof manifestSchema, { keepDefaultedPropertiesOptional: true }>;
export type AddonCategory = (typeof ADDON_CATEGORIES)[number];
export type AddonRuntime = (typeof ADDON_RUNTIMES)[number];
export type AddonCapability = (typeof ADDON_CAPABILITIES)[number];
export type AddonPermission = (typeof ADDON_PERMISSIONS)[number];
export type ConfigWidget = (typeof CONFIG_WIDGETS)[number];
