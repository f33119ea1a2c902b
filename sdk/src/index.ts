export { OcError, toErrorData, type ErrorData } from "./errors/oc-error.ts";
export { SdkErrorCodes, type SdkErrorCode } from "./errors/codes.ts";
export { rejectMessage } from "./connector/reject-message.ts";
export * from "./alerts/model.ts";
export * from "./alerts/mappings.ts";
export { BaseNormalizer, isClearAlertType, alertTypeBase, PROBLEM_SUFFIXES } from "./normalizer/base-normalizer.ts";
export { BaseConnector, createAlert } from "./connector/base-connector.ts";
export { eventsOf, problemKey, type Observation } from "./connector/observations.ts";
export { pollDeadlineMs, MIN_POLL_INTERVAL_S, MAX_POLL_DEADLINE_MS } from "./connector/poll-deadline.ts";
export type * from "./connector/types.ts";
export { createAjv, validatorFor, hotCheckFor, assertValid, describeErrors, type HotCheck } from "./schemas/validator.ts";

// ── Addon definition (what an addon's src/index.ts default-exports) ──────────
export { defineAddon, isAddonDefinition, type AddonDefinition, type ConnectorClass, type NormalizerClass } from "./addon/define.ts";

// ── Package contents: manifest, seed, fixtures (platform neutral) ────────────
export {
  manifestSchema, ADDON_ID_PATTERN, ADDON_CATEGORIES, ADDON_RUNTIMES, ADDON_CAPABILITIES, ADDON_PERMISSIONS, CONFIG_WIDGETS, SCHEDULE_JOBS,
  type Manifest, type ManifestInput, type AddonCategory, type AddonRuntime, type AddonCapability, type AddonPermission, type ConfigWidget,
} from "./manifest/schema.ts";
export { validateManifest, parseManifest } from "./manifest/validate.ts";
export { compileConfigSchema, configSchemaProblem } from "./manifest/config-schema.ts";
export { parseVersion, isValidVersion, compareVersions, parseRange, isValidRange, satisfies, SEMVER_PATTERN, type SemVer } from "./manifest/semver.ts";
export { parseCron, isValidCron, type CronSchedule } from "./manifest/cron.ts";
export { OPSCONDUCTOR_VERSION } from "./manifest/core-version.ts";
export { seedMappingsSchema, type SeedMappings } from "./manifest/seed-schema.ts";
export { parseSeedMappings, seedToMappingSnapshot } from "./manifest/seed.ts";
export { fixtureFileSchema, fixtureCaseSchema, type FixtureCase, type FixtureFile } from "./manifest/fixture-schema.ts";
export { replayFixtures, formatReplayReport, type FixtureResult, type FixtureNormalizer } from "./testing/replay.ts";
export { diffValues, formatDifferences, type ValueDifference } from "./testing/diff.ts";

// Package signing and verification (Node only) are in `@opsconductor/sdk/node` (node.ts).
