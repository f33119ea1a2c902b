// Test support: builds an addon package exactly as an author does — oc-addon build, sign and
// pack (the SDK's CLI, in-process) in a temporary folder.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createTrustEntry, generateSigningKeyPair, type TrustEntry, type TrustLevel } from "@opsconductor/sdk/node";
import { runCli } from "../../../../sdk/src/cli/main.ts";
import { probeManifest, probeSource, type ProbeOptions } from "./probe-addon.ts";

export interface TestSigner {
  keyFile: string;
  publicKeyPem: string;
  entry: TrustEntry;
}

/** A key pair on disk, and its trust entry for `prefixes` at `level`. */
export function testSigner(prefixes: string[] = ["acme."], level: TrustLevel = "community", publisher = "Acme"): TestSigner {
  const dir = mkdtempSync(join(tmpdir(), "oc-key-"));
  const pair = generateSigningKeyPair();
  const keyFile = join(dir, "test.key");
  writeFileSync(keyFile, pair.privateKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, "test.pub"), pair.publicKeyPem);
  return { keyFile, publicKeyPem: pair.publicKeyPem, entry: createTrustEntry(pair.publicKeyPem, { publisher, idPrefixes: prefixes, level }) };
}

async function ocAddon(cwd: string, ...args: string[]): Promise<void> {
  let output = "";
  const status = await runCli(args, { cwd, out: (text) => (output += text), err: (text) => (output += text) });
  if (status !== 0) throw new Error(`oc-addon ${args.join(" ")}: ${output}`);
}

/** Writes an addon source tree: manifest, src/index.ts, and any extra files (migrations, seed...). */
/**
 * The manifest of a test addon from Acme (version 1.0.0, no permissions unless given): its config is
 * a `targets` list (host required) plus `properties`, `targets` and `required` required.
 */
export function testManifest(fields: {
  id: string; name: string; description: string; capabilities: readonly string[]; runtime?: "isolate" | "worker";
  properties: Record<string, unknown>; required: readonly string[];
}): Record<string, unknown> {
  return {
    id: fields.id, name: fields.name, version: "1.0.0", category: "device", description: fields.description,
    publisher: "Acme", core: "^0.1.0", runtime: fields.runtime ?? "isolate", capabilities: fields.capabilities, permissions: [],
    config_schema: {
      type: "object",
      required: ["targets", ...fields.required],
      properties: {
        targets: {
          type: "array", "x-widget": "targets", minItems: 1,
          items: { type: "object", required: ["host"], properties: { id: { type: "string" }, host: { type: "string" }, name: { type: "string" } } },
        },
        ...fields.properties,
      },
      additionalProperties: false,
    },
  };
}

export function writeAddonSource(dir: string, manifest: Record<string, unknown>, source: string, extra: Record<string, string> = {}): void {
  const files = { "manifest.json": JSON.stringify(manifest, null, 2), "src/index.ts": source, ...extra };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Builds, signs (unless `signer` is null) and packs the addon in `dir`; returns the zip. */
export async function packAddon(dir: string, signer: TestSigner | null): Promise<Buffer> {
  await ocAddon(dir, "build");
  if (signer) await ocAddon(dir, "sign", "--key", signer.keyFile);
  await ocAddon(dir, ...(signer ? ["pack"] : ["pack", "--unsigned"]));
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { id: string; version: string };
  return readFileSync(join(dir, "dist", `${manifest.id}-${manifest.version}.zip`));
}

const packages = new Map<string, Promise<Buffer>>();

/** The probe addon (see probe-addon.ts) as a signed package; memoized per signer and options (builds take a moment). */
export function probePackage(signer: TestSigner | null, options: ProbeOptions = {}): Promise<Buffer> {
  const key = JSON.stringify([signer?.keyFile ?? null, options]);
  let zip = packages.get(key);
  if (!zip) {
    zip = buildProbePackage(signer, options);
    packages.set(key, zip);
  }
  return zip;
}

async function buildProbePackage(signer: TestSigner | null, options: ProbeOptions): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "oc-probe-"));
  const extra: Record<string, string> = {
    "seed/mappings.json": JSON.stringify({ severity: [{ alert_type: "link_down", severity: "major" }, { alert_type: "fan_noise", severity: "info", enabled: false }] }),
  };
  for (const [name, sql] of Object.entries(options.migrations ?? {})) extra[`migrations/${name}`] = sql;
  writeAddonSource(dir, probeManifest(options), probeSource(options), extra);
  return packAddon(dir, signer);
}
