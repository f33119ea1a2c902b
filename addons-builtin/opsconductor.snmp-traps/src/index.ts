// The generic SNMP trap receiver: `oc-addon build` bundles this (with the SDK) into backend/index.js.
import { defineAddon } from "@opsconductor/sdk";
import { SnmpTrapsConnector } from "./connector.ts";
import { SnmpTrapsNormalizer } from "./normalizer.ts";

export default defineAddon({ connector: SnmpTrapsConnector, normalizer: SnmpTrapsNormalizer });
