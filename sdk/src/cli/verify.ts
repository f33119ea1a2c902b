import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { isValidVersion } from "../manifest/semver.ts";
import { checkTrustEntry, createTrustEntry, isIdPrefix, TRUST_LEVELS, type TrustEntry, type TrustLevel } from "../package/trust.ts";
import { verifyPackage } from "../package/verify.ts";
import { requireExists } from "./addon-dir.ts";
import { parseVerbArgs, usageError, type Command } from "./command.ts";

export const verifyCommand: Command = {
  name: "verify",
  summary: "verify a package zip exactly as the host will",
  help: `Usage: oc-addon verify FILE.zip [--trust KEY.pub|STORE.json ...] [--prefix P ...] [--level L]
                        [--dev] [--core VERSION] [--installed VERSION [--allow-downgrade]]

Runs the host's verifier on FILE.zip, in memory: safe extraction, signature by a
trusted key, exact file set, signed id = manifest id, manifest schema, publisher
prefix, revocation, downgrade, core range, runtime, migrations. Prints the id,
version, key id and trust level, or CODE: message and exits 1.

  --trust FILE        a public key (NAME.pub) or a trust store (JSON array of
                      {keyId, publicKey, publisher, idPrefixes, level}); repeatable
  --prefix P          id prefixes the .pub keys may sign (default: any); repeatable
  --level L           trust level of the .pub keys: core, trusted, community (default)
  --dev               accept an unsigned package (level "unsigned")
  --core VERSION      the OpsConductor version to check "core" against (default: this SDK's)
  --installed VERSION the installed version, for the downgrade check
  --allow-downgrade   accept a version older than --installed`,

  async run(args, context) {
    const { values, positionals } = parseVerbArgs("verify", args, {
      trust: { type: "string", multiple: true },
      prefix: { type: "string", multiple: true },
      level: { type: "string" },
      dev: { type: "boolean" },
      core: { type: "string" },
      installed: { type: "string" },
      "allow-downgrade": { type: "boolean" },
    }, 1);
    const file = positionals[0];
    if (!file) throw usageError("verify", "the package FILE.zip is required");
    const level = (values.level ?? "community") as TrustLevel;
    if (!TRUST_LEVELS.includes(level)) throw usageError("verify", `--level must be one of ${TRUST_LEVELS.join(", ")}`);
    for (const version of [values.core, values.installed]) {
      if (version !== undefined && !isValidVersion(version)) throw usageError("verify", `"${version}" is not a semver version`);
    }
    const unmatchable = (values.prefix ?? []).find((prefix) => !isIdPrefix(prefix));
    if (unmatchable !== undefined) throw usageError("verify", `--prefix ${JSON.stringify(unmatchable)} matches no addon id (lower-case labels joined by dots, e.g. acme.); * is every id`);
    const path = resolve(context.cwd, file);
    requireExists(path, "pass the path of a package zip");
    const trust = (values.trust ?? []).flatMap((trustFile) => readTrust(resolve(context.cwd, trustFile), values.prefix ?? ["*"], level));
    const result = verifyPackage(path, {
      trust,
      // A key revoked in any of the --trust files is revoked, whichever file names it first.
      revokedKeyIds: trust.filter((entry) => entry.revoked === true).map((entry) => entry.keyId),
      dev: values.dev,
      hostVersion: values.core,
      installed: values.installed ? { version: values.installed } : null,
      allowDowngrade: values["allow-downgrade"],
    });
    for (const warning of result.warnings) context.err(`warning: ${warning}\n`);
    const who = result.trust.level === "unsigned"
      ? ["  level:     unsigned"]
      : [`  keyId:     ${result.trust.keyId}`, `  publisher: ${result.trust.publisher}`, `  level:     ${result.trust.level}`, `  signed at: ${result.trust.signedAt}`];
    context.out([`OK ${result.manifest.id} ${result.manifest.version}`, `  id:        ${result.manifest.id}`, `  version:   ${result.manifest.version}`,
      ...who, `  runtime:   ${result.manifest.runtime}`, `  files:     ${result.files.size}`, ""].join("\n"));
  },
};

/** A `.pub` key becomes one entry with the command line's prefixes and level; a `.json` file is a trust store. */
function readTrust(path: string, prefixes: string[], level: TrustLevel): TrustEntry[] {
  requireExists(path, "pass a public key (NAME.pub) or a trust store (JSON)");
  const text = readFileSync(path, "utf8");
  if (!path.endsWith(".json")) return [createTrustEntry(text, { publisher: `key ${path}`, idPrefixes: prefixes, level })];
  let store: unknown;
  try {
    store = JSON.parse(text);
  } catch (error) {
    throw new OcError(SdkErrorCodes.TRUST_STORE_INVALID, `${path} is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(store)) throw new OcError(SdkErrorCodes.TRUST_STORE_INVALID, `${path} must be a JSON array of trust entries`);
  return store.map(checkTrustEntry);
}
