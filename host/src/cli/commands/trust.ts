import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createTrustEntry, isIdPrefix, TRUST_LEVELS, type TrustLevel } from "@opsconductor/sdk/node";
import { AddonPaths } from "../../addons/paths.ts";
import { TrustStore } from "../../addons/trust-store.ts";
import { hostError } from "../../errors.ts";
import { parseActionCommand } from "../args.ts";
import type { CliIo } from "../io.ts";
import { USAGE } from "../usage.ts";

const OPTIONS = {
  data: { type: "string" },
  prefix: { type: "string", multiple: true },
  level: { type: "string" },
  publisher: { type: "string" },
  json: { type: "boolean" },
} as const;

/** `trust add|list|revoke`: the trust store in the data dir (data/trust.json). Safe while the daemon runs. */
export async function runTrust(args: string[], io: CliIo): Promise<number> {
  const parsed = parseActionCommand(args, OPTIONS, USAGE.trust, io);
  if (parsed.exitCode !== undefined) return parsed.exitCode;
  const { values, action, operand: argument, dataDir } = parsed;
  const store = new TrustStore(new AddonPaths(dataDir).trustFile);
  switch (action) {
    case "add": {
      if (!argument) throw hostError("CLI_USAGE", "trust add needs the public key file (KEY.pub)");
      const prefixes = values.prefix ?? [];
      if (prefixes.length === 0) throw hostError("CLI_USAGE", "trust add needs --prefix P (the addon ids the key may sign, e.g. acme.)");
      // A prefix no addon id can start with would trust the key for nothing, silently.
      const unmatchable = prefixes.find((prefix) => !isIdPrefix(prefix));
      if (unmatchable !== undefined) {
        throw hostError("CLI_USAGE", `--prefix ${JSON.stringify(unmatchable)} matches no addon id (ids are lower-case labels joined by dots, e.g. acme. or acme.ups); * is every id`);
      }
      const level = values.level as TrustLevel | undefined;
      if (!level || !TRUST_LEVELS.includes(level)) throw hostError("CLI_USAGE", `--level must be one of ${TRUST_LEVELS.join(", ")}`);
      // A file that cannot be read is FILE_ACCESS_FAILED with the system's reason (see the CLI's error printing).
      const publicKey = readFileSync(resolve(io.cwd, argument), "utf8");
      const entry = createTrustEntry(publicKey, { publisher: values.publisher ?? `key ${argument}`, idPrefixes: prefixes, level });
      store.add(entry);
      io.stdout.write(`trusted key ${entry.keyId} (${entry.publisher}) at level ${level} for ${prefixes.join(", ")}\n`);
      return 0;
    }
    case "list": {
      const entries = store.list();
      if (values.json) {
        io.stdout.write(`${JSON.stringify(entries.map(({ publicKey: _key, ...entry }) => entry), null, 2)}\n`);
      } else {
        for (const entry of entries) {
          io.stdout.write(`${entry.keyId}\t${entry.level}\t${entry.idPrefixes.join(",")}\t${entry.publisher}${entry.revoked ? "\tREVOKED" : ""}\n`);
        }
        if (entries.length === 0) io.stderr.write("no trusted keys yet (opsconductor trust add KEY.pub --prefix P --level L)\n");
      }
      return 0;
    }
    case "revoke": {
      if (!argument) throw hostError("CLI_USAGE", "trust revoke needs a KEYID (see: opsconductor trust list)");
      const entry = store.revoke(argument);
      io.stdout.write(`revoked key ${entry.keyId} (${entry.publisher}); addons it signed are refused at the next daemon start\n`);
      return 0;
    }
    default:
      throw hostError("CLI_USAGE", `unknown trust action "${action}" (add, list, revoke)`);
  }
}
