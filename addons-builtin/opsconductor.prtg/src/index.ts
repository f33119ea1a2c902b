// PRTG Network Monitor: `oc-addon build` bundles this (with the SDK) into backend/index.js.
import { defineAddon } from "@opsconductor/sdk";
import { PrtgConnector } from "./connector.ts";
import { PrtgNormalizer } from "./normalizer.ts";

export default defineAddon({ connector: PrtgConnector, normalizer: PrtgNormalizer });
