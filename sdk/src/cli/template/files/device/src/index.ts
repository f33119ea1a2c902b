// The addon's entry point: `oc-addon build` bundles it (with the SDK) into backend/index.js.
import { defineAddon } from "@opsconductor/sdk";
import { TemplateAddonConnector } from "./connector.ts";
import { TemplateAddonNormalizer } from "./normalizer.ts";

export default defineAddon({ connector: TemplateAddonConnector, normalizer: TemplateAddonNormalizer });
