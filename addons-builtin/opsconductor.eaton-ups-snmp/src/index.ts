// Eaton UPS over SNMP (XUPS-MIB + RFC 1628 UPS-MIB): `oc-addon build` bundles this into backend/index.js.
import { defineAddon } from "@opsconductor/sdk";
import { EatonUpsConnector } from "./connector.ts";
import { EatonUpsNormalizer } from "./normalizer.ts";

export default defineAddon({ connector: EatonUpsConnector, normalizer: EatonUpsNormalizer });
