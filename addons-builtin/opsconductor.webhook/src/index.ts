// The generic JSON webhook: `oc-addon build` bundles this (with the SDK) into backend/index.js.
import { defineAddon } from "@opsconductor/sdk";
import { WebhookConnector } from "./connector.ts";
import { WebhookNormalizer } from "./normalizer.ts";

export default defineAddon({ connector: WebhookConnector, normalizer: WebhookNormalizer });
