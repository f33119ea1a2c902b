import { join } from "node:path";

/**
 * Where installed addons live in the data dir:
 *
 * ```
 * data/trust.json                     the trust store
 * data/addons/.staging/<id>-<random>/ an install being prepared (removed on success and failure;
 *                                     its journal.json lets the next start undo a commit cut short)
 * data/addons/.staging/removed-<id>-…  an uninstalled addon's files, being deleted
 *                                     (staging is emptied at every start)
 * data/addons/<id>/<version>/         the extracted, verified files of a version
 * data/addons/<id>/<version>.zip      the original package, re-verified at every start
 * data/addons/<id>/addon.db           the addon's own SQLite database (its migrations run here)
 * data/addons/removed-builtins.json   built-in addons an admin uninstalled (not reinstalled at start)
 * ```
 */
export class AddonPaths {
  readonly dataDir: string;
  readonly root: string;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.root = join(dataDir, "addons");
  }

  get trustFile(): string {
    return join(this.dataDir, "trust.json");
  }

  get staging(): string {
    return join(this.root, ".staging");
  }

  addonDir(id: string): string {
    return join(this.root, id);
  }

  versionDir(id: string, version: string): string {
    return join(this.root, id, version);
  }

  packageZip(id: string, version: string): string {
    return join(this.root, id, `${version}.zip`);
  }

  get removedBuiltins(): string {
    return join(this.root, "removed-builtins.json");
  }

  database(id: string): string {
    return join(this.root, id, "addon.db");
  }
}
