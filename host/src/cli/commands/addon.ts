import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { OcError } from "@opsconductor/sdk";
import { writeAudit } from "../../audit/log.ts";
import { AddonInstaller } from "../../addons/installer.ts";
import { listInstalledAddons } from "../../addons/installed-addons.ts";
import { warningsOf } from "../../addons/listing.ts";
import { AddonPaths } from "../../addons/paths.ts";
import { TrustStore } from "../../addons/trust-store.ts";
import { verifyUpload } from "../../addons/verification.ts";
import { runningDaemon } from "../../daemon-presence.ts";
import { hostError } from "../../errors.ts";
import { systemClock } from "../../util/clock.ts";
import { parseActionCommand } from "../args.ts";
import type { CliIo } from "../io.ts";
import { createSaying, openCliStore } from "../store.ts";
import { USAGE } from "../usage.ts";

const OPTIONS = {
  data: { type: "string" },
  force: { type: "boolean" },
  dev: { type: "boolean" },
  json: { type: "boolean" },
} as const;

/**
 * `addon install|list` with the daemon stopped: install verifies the package and puts it in
 * the data dir (files, migrations, registry, seed) exactly as the daemon would; the daemon
 * re-verifies and loads it at its next start. While a daemon serves the data dir, install
 * refuses and points at the API, which upgrades without a restart.
 */
export async function runAddon(args: string[], io: CliIo): Promise<number> {
  const parsed = parseActionCommand(args, OPTIONS, USAGE.addon, io);
  if (parsed.exitCode !== undefined) return parsed.exitCode;
  const { values, action, operand: file, dataDir } = parsed;
  switch (action) {
    case "install": {
      if (!file) throw hostError("CLI_USAGE", "addon install needs the package FILE.zip");
      const daemon = runningDaemon(dataDir);
      if (daemon) {
        throw hostError("ADDON_DAEMON_RUNNING", `the daemon (pid ${daemon.pid}) serves ${dataDir}; install through its API, which needs no restart:\n`
          + `  curl -X POST ${daemon.url ?? "http://<its address>"}/api/v1/addons/install${values.force ? "?force=1" : ""} -H "Authorization: Bearer $TOKEN" `
          + `-H "Content-Type: application/zip" --data-binary @${file}`);
      }
      // A file that cannot be read is FILE_ACCESS_FAILED with the system's reason (see the CLI's error printing).
      const zip = readFileSync(resolve(io.cwd, file));
      const paths = new AddonPaths(dataDir);
      const store = openCliStore(dataDir, createSaying(io));
      try {
        const { verified, existing } = withTrustHint(() =>
          verifyUpload(store.db, zip, { trust: new TrustStore(paths.trustFile), dev: values.dev === true }, values.force === true));
        const { id, version } = verified.manifest;
        if (existing?.version === version && existing.status !== "refused" && existing.status !== "failed") {
          throw hostError("ADDON_VERSION_INSTALLED", `${id} ${version} is installed already`);
        }
        const installer = new AddonInstaller(store.db, paths, systemClock);
        installer.commit(await installer.stage(verified, zip, existing), { enabled: existing?.enabled ?? true, status: "installed" });
        writeAudit(store.db, systemClock, { actor: "cli", action: "cli addon install", target: id, details: { version, replaced: existing?.version ?? null } });
        for (const warning of verified.warnings) io.stderr.write(`warning: ${warning}\n`);
        io.stdout.write(`installed ${id} ${version}${existing ? ` (was ${existing.version})` : ""}, ${verified.trust.level}; the daemon loads it at its next start\n`);
      } finally {
        store.close();
      }
      return 0;
    }
    case "list": {
      const store = openCliStore(dataDir);
      try {
        const addons = listInstalledAddons(store.db).map((addon) => ({
          id: addon.id, version: addon.version, previous_version: addon.previous_version, trust_level: addon.trust_level,
          enabled: addon.enabled, status: addon.status, warnings: warningsOf(addon),
        }));
        if (values.json) {
          io.stdout.write(`${JSON.stringify(addons, null, 2)}\n`);
        } else {
          for (const addon of addons) {
            io.stdout.write(`${addon.id}\t${addon.version}\t${addon.trust_level}\t${addon.enabled ? addon.status : "disabled"}\n`);
            for (const warning of addon.warnings) io.stdout.write(`  warning: ${warning}\n`);
          }
          if (addons.length === 0) io.stderr.write("no addons installed\n");
        }
      } finally {
        store.close();
      }
      return 0;
    }
    default:
      throw hostError("CLI_USAGE", `unknown addon action "${action}" (install, list)`);
  }
}

/** An unknown signing key is the usual first failure of a new publisher's addon: say how to trust it. */
function withTrustHint<T>(verify: () => T): T {
  try {
    return verify();
  } catch (error) {
    if (!OcError.is(error, "ADDON_KEY_UNKNOWN")) throw error;
    throw new OcError(error.code, `${error.message}; if you trust its publisher: ./opsconductor trust add KEY.pub --prefix ID-PREFIX --level community`,
      error.details);
  }
}
