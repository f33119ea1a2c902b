/**
 * The OpsConductor version this SDK belongs to (host and SDK are released
 * together). The verifier checks a manifest's `core` range against it unless the
 * caller passes its own `hostVersion`. A test keeps it equal to sdk/package.json.
 *
 * @example
 * satisfies(OPSCONDUCTOR_VERSION, manifest.core);
 */
export const OPSCONDUCTOR_VERSION = "0.1.0";
