import { generateSigningKeyPair, type SigningKeyPair } from "../keys.ts";
import { withSignature } from "../sign.ts";
import { createTrustEntry, type TrustEntry, type TrustLevel } from "../trust.ts";
import { writePackageZip } from "../zip/write-zip.ts";

/** A publisher for tests: a key pair and its trust entry. */
export interface TestPublisher extends SigningKeyPair {
  entry: TrustEntry;
}

/**
 * A fresh key pair trusted for `idPrefixes` at `level` (test-only).
 *
 * @example
 * const acme = testPublisher(["acme."]);
 */
export function testPublisher(idPrefixes: string[] = ["acme."], level: TrustLevel = "community", publisher = "Acme"): TestPublisher {
  const keys = generateSigningKeyPair();
  return { ...keys, entry: createTrustEntry(keys.publicKeyPem, { publisher, idPrefixes, level }) };
}

/** A valid manifest for `acme.ups`, with `overrides` merged in. */
export function sampleManifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "acme.ups",
    name: "Acme UPS",
    version: "1.2.0",
    category: "device",
    description: "Battery alarms from Acme UPS cards.",
    publisher: "Acme",
    core: "^0.1.0",
    capabilities: ["polling"],
    permissions: ["snmp"],
    ...overrides,
  };
}

/**
 * The files of a small valid package (unsigned): manifest, backend bundle, seed,
 * one migration, one asset.
 *
 * @example
 * const files = sampleFiles({ version: "2.0.0" });
 */
export function sampleFiles(manifestOverrides: Record<string, unknown> = {}): Map<string, Buffer> {
  return new Map<string, Buffer>([
    ["manifest.json", Buffer.from(JSON.stringify(sampleManifest(manifestOverrides), null, 2))],
    ["backend/index.js", Buffer.from("export default { connector: class {}, normalizer: class {} };\n")],
    ["seed/mappings.json", Buffer.from(JSON.stringify({ severity: [{ alert_type: "on_battery", severity: "major" }] }))],
    ["migrations/001_init.sql", Buffer.from("CREATE TABLE ups_history (at TEXT NOT NULL, charge REAL);\n")],
    ["assets/icon.svg", Buffer.from("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")],
  ]);
}

/**
 * Signs `files` with `publisher` and zips them.
 *
 * @example
 * const zip = signedZip(sampleFiles(), acme);
 */
export function signedZip(files: ReadonlyMap<string, Uint8Array>, publisher: SigningKeyPair): Buffer {
  return writePackageZip(withSignature(files, publisher.privateKeyPem, { signedAt: "2026-01-01T00:00:00.000Z" }));
}
