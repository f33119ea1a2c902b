import { test } from "node:test";
import assert from "node:assert/strict";
import { defineAddon, isAddonDefinition } from "./define.ts";
import { BaseConnector } from "../connector/base-connector.ts";
import { BaseNormalizer } from "../normalizer/base-normalizer.ts";
import type { NormalizedAlert, RawEvent } from "../alerts/model.ts";
import type { ConnectionTestResult, PollResult } from "../connector/types.ts";
import { OcError } from "../errors/oc-error.ts";

class Connector extends BaseConnector {
  async testConnection(): Promise<ConnectionTestResult> { return { ok: true, message: "ok" }; }
  async poll(): Promise<PollResult> { return { events: [], snapshot: true, targets: [] }; }
}
class Normalizer extends BaseNormalizer {
  normalize(raw: RawEvent): NormalizedAlert | null { return this.build(raw); }
}

test("defineAddon returns a frozen definition of the two classes", () => {
  const addon = defineAddon({ connector: Connector, normalizer: Normalizer });
  assert.equal(addon.connector, Connector);
  assert.equal(addon.normalizer, Normalizer);
  assert.equal(Object.isFrozen(addon), true);
  assert.equal(isAddonDefinition(addon), true);
});

test("defineAddon refuses classes that do not extend the base classes", () => {
  const invalid = (value: unknown) => assert.throws(() => defineAddon(value as never), (e) => OcError.is(e, "ADDON_DEFINITION_INVALID"));
  invalid({ connector: class {}, normalizer: Normalizer });
  invalid({ connector: Connector, normalizer: class {} });
  invalid({ connector: Connector });
  invalid(undefined);
  assert.equal(isAddonDefinition({ connector: class {}, normalizer: class {} }), false);
});
