import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import type { MappingSnapshot } from "../alerts/mappings.ts";
import { BaseConnector } from "../connector/base-connector.ts";
import { BaseNormalizer } from "../normalizer/base-normalizer.ts";

/** A connector class the host can instantiate (one instance per connector configuration). */
export type ConnectorClass = new () => BaseConnector;
/** A normalizer class the host instantiates with the mapping snapshot of the addon's connector type. */
export type NormalizerClass = new (mappings: MappingSnapshot) => BaseNormalizer;

/** What an addon's backend bundle exports as its default export. */
export interface AddonDefinition {
  readonly connector: ConnectorClass;
  readonly normalizer: NormalizerClass;
}

/**
 * Declares an addon: the default export of its `src/index.ts`, and so of the
 * `backend/index.js` bundle the host loads. Checks that both classes extend the
 * SDK's base classes; throws `ADDON_DEFINITION_INVALID` otherwise.
 *
 * @example
 * import { defineAddon } from "@opsconductor/sdk";
 * import { UpsConnector } from "./connector.ts";
 * import { UpsNormalizer } from "./normalizer.ts";
 *
 * export default defineAddon({ connector: UpsConnector, normalizer: UpsNormalizer });
 */
export function defineAddon<C extends ConnectorClass, N extends NormalizerClass>(
  definition: { connector: C; normalizer: N },
): Readonly<{ connector: C; normalizer: N }> {
  if (!extendsClass(definition?.connector, BaseConnector)) {
    throw new OcError(SdkErrorCodes.ADDON_DEFINITION_INVALID, "defineAddon: `connector` must be a class extending BaseConnector");
  }
  if (!extendsClass(definition.normalizer, BaseNormalizer)) {
    throw new OcError(SdkErrorCodes.ADDON_DEFINITION_INVALID, "defineAddon: `normalizer` must be a class extending BaseNormalizer");
  }
  return Object.freeze({ connector: definition.connector, normalizer: definition.normalizer });
}

/**
 * True when `value` looks like what {@link defineAddon} returns. Checked
 * structurally (two constructors with the base-class methods), because a bundle
 * carries its own copy of the SDK, so `instanceof` the host's classes fails.
 *
 * @example
 * const mod = await import(bundleUrl);
 * if (!isAddonDefinition(mod.default)) throw new Error("not an addon bundle");
 */
export function isAddonDefinition(value: unknown): value is AddonDefinition {
  if (typeof value !== "object" || value === null) return false;
  const { connector, normalizer } = value as Record<string, unknown>;
  return typeof connector === "function" && typeof normalizer === "function"
    && typeof (connector.prototype as { poll?: unknown } | undefined)?.poll === "function"
    && typeof (normalizer.prototype as { normalize?: unknown } | undefined)?.normalize === "function";
}

function extendsClass(candidate: unknown, base: abstract new (...args: never[]) => unknown): boolean {
  return typeof candidate === "function" && candidate.prototype instanceof base;
}
