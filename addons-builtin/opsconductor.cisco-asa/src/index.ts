// Cisco ASA over SSH: `oc-addon build` bundles this (with the SDK) into backend/index.js.
import { defineAddon } from "@opsconductor/sdk";
import { AsaConnector } from "./connector.ts";
import { AsaNormalizer } from "./normalizer.ts";

export default defineAddon({ connector: AsaConnector, normalizer: AsaNormalizer });
