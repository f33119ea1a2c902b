import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseSeedMappings } from "@opsconductor/sdk";
import { type VerifiedPackage } from "@opsconductor/sdk/node";
import type { Db } from "../store/database.ts";
import { iso, type Clock } from "../util/clock.ts";
import { createPrivateFile } from "../util/private-files.ts";
import { DEFAULT_MIGRATION_TIMEOUT_MS, packageMigrations, runAddonMigrations } from "./addon-migrations.ts";
import {
  appliedMigrationNames, getInstalledAddon, listInstalledAddons, recordAppliedMigrations, saveInstalledVersion,
  type AddonStatus, type InstalledAddon,
} from "./installed-addons.ts";
import { writePackageFiles } from "./package-files.ts";
import type { AddonPaths } from "./paths.ts";
import { applySeedMappings } from "./seed-mappings.ts";

const SEED_PATH = "seed/mappings.json";
/** Written in a staging dir before `commit` moves anything into place; see `recover`. */
const JOURNAL = "journal.json";

/** What `recover` needs to know of a commit that a crash may have cut short. */
interface CommitJournal {
  id: string;
  version: string;
  /** Migrations the staged database ran, recorded by the commit's transaction. */
  migrations: string[];
  /** The addon had a database before (kept as previous.db while the commit runs). */
  hadDb: boolean;
}

/** A verified package prepared in the staging dir: files written, migrations run on a copy of the database. */
export interface StagedInstall {
  verified: VerifiedPackage;
  zip: Uint8Array;
  existing: InstalledAddon | undefined;
  dir: string;
  /** Migrations run on the staged database, to record once committed. */
  migrations: string[];
  /** The staged database to move into place, or null when there is nothing to change. */
  stagedDb: string | null;
}

/**
 * Puts verified packages on disk and in the registry, in two steps so that a failure
 * leaves nothing: `stage` does everything that can fail (extract, run migrations) in
 * `data/addons/.staging/`; `commit` moves the result into place and writes the rows in
 * one transaction, undoing the moves if the transaction fails. A process killed between
 * the moves and the transaction's commit leaves a journal that `recover` (at the next
 * start) reads to put the old state back. Used by the daemon's AddonManager and by
 * `opsconductor addon install` alike; loading into a runtime is the manager's business.
 */
export class AddonInstaller {
  readonly #db: Db;
  readonly #paths: AddonPaths;
  readonly #clock: Clock;
  readonly #migrationTimeoutMs: number;

  constructor(db: Db, paths: AddonPaths, clock: Clock, options: { migrationTimeoutMs?: number } = {}) {
    this.#db = db;
    this.#paths = paths;
    this.#clock = clock;
    this.#migrationTimeoutMs = options.migrationTimeoutMs ?? DEFAULT_MIGRATION_TIMEOUT_MS;
  }

  async stage(verified: VerifiedPackage, zip: Uint8Array, existing: InstalledAddon | undefined): Promise<StagedInstall> {
    const dir = join(this.#paths.staging, `${verified.manifest.id}-${randomBytes(6).toString("hex")}`);
    mkdirSync(dir, { recursive: true });
    try {
      writePackageFiles(join(dir, "files"), verified.files);
      writeFileSync(join(dir, "package.zip"), zip);
      const { migrations, stagedDb } = await this.#stageDatabase(dir, verified, existing !== undefined);
      return { verified, zip, existing, dir, migrations, stagedDb };
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Moves the staged version into place and registers it; returns the new row. */
  commit(staged: StagedInstall, state: { enabled: boolean; status: AddonStatus }): InstalledAddon {
    const { id, version } = staged.verified.manifest;
    const undo: Array<() => void> = [];
    const previousVersion = staged.existing
      ? (staged.existing.version === version ? staged.existing.previous_version : staged.existing.version)
      : null;
    try {
      this.#moveIntoPlace(staged, undo);
      this.#register(staged, state, previousVersion);
    } catch (error) {
      for (const step of undo.reverse()) step();
      if (!staged.existing) rmSync(this.#paths.addonDir(id), { recursive: true, force: true });
      throw error;
    } finally {
      this.discard(staged);
    }
    this.#pruneVersions(id, [version, previousVersion]);
    return getInstalledAddon(this.#db, id)!;
  }

  /** Renames the staged files, zip and database into place, recording how to undo each step. */
  #moveIntoPlace(staged: StagedInstall, undo: Array<() => void>): void {
    const { id, version } = staged.verified.manifest;
    const versionDir = this.#paths.versionDir(id, version);
    const zipPath = this.#paths.packageZip(id, version);
    const dbPath = this.#paths.database(id);
    const hadDb = staged.existing !== undefined && existsSync(dbPath);
    const journal: CommitJournal = { id, version, migrations: staged.migrations, hadDb };
    writeFileSync(join(staged.dir, JOURNAL), JSON.stringify(journal));
    mkdirSync(this.#paths.addonDir(id), { recursive: true });
    // A same-version reinstall (repairing a refused copy) replaces the files in place.
    if (existsSync(versionDir)) {
      renameSync(versionDir, join(staged.dir, "replaced-files"));
      undo.push(() => renameSync(join(staged.dir, "replaced-files"), versionDir));
    }
    renameSync(join(staged.dir, "files"), versionDir);
    undo.push(() => rmSync(versionDir, { recursive: true, force: true }));
    renameSync(join(staged.dir, "package.zip"), zipPath);
    if (staged.existing?.version !== version) undo.push(() => rmSync(zipPath, { force: true }));
    if (!staged.stagedDb) return;
    if (hadDb) {
      // Copied then renamed: a previous.db that exists is whole, whenever the process is killed.
      copyFileSync(dbPath, join(staged.dir, "previous.db.part"));
      renameSync(join(staged.dir, "previous.db.part"), join(staged.dir, "previous.db"));
      undo.push(() => copyFileSync(join(staged.dir, "previous.db"), dbPath));
    } else {
      undo.push(() => rmSync(dbPath, { force: true }));
    }
    renameSync(staged.stagedDb, dbPath);
  }

  /** The registry row, the migrations run and the seed rows, in one transaction. */
  #register(staged: StagedInstall, state: { enabled: boolean; status: AddonStatus }, previousVersion: string | null): void {
    const { manifest, trust, files } = staged.verified;
    const at = iso(this.#clock.now());
    this.#db.transaction(() => {
      saveInstalledVersion(this.#db, {
        id: manifest.id, version: manifest.version, previousVersion, manifest, enabled: state.enabled, status: state.status,
        path: this.#paths.versionDir(manifest.id, manifest.version),
        trustLevel: trust.level, keyId: trust.level === "unsigned" ? null : trust.keyId,
      }, at);
      recordAppliedMigrations(this.#db, manifest.id, staged.migrations, manifest.version, at);
      const seed = files.get(SEED_PATH);
      if (seed) applySeedMappings(this.#db, manifest.id, parseSeedMappings(seed), at);
    })();
  }

  discard(staged: StagedInstall): void {
    rmSync(staged.dir, { recursive: true, force: true });
  }

  /**
   * Removes an uninstalled addon's directory: renamed into staging first (one step), so that a
   * process killed while deleting leaves nothing under the addon's id for a reinstall to find.
   */
  removeFiles(id: string): void {
    const dir = this.#paths.addonDir(id);
    if (!existsSync(dir)) return;
    const trash = join(this.#paths.staging, `removed-${id}-${randomBytes(6).toString("hex")}`);
    mkdirSync(this.#paths.staging, { recursive: true });
    renameSync(dir, trash);
    rmSync(trash, { recursive: true, force: true });
  }

  /**
   * At start, before anything is loaded: finishes what a killed process left. A commit cut
   * short before its transaction (its journal says so: the registry lacks its version or
   * migrations) is undone — the previous database and files put back, a first install's
   * directory removed. Then staging is emptied, and the directory of any addon without a
   * registry row (an uninstall killed after its transaction) removed. Returns what it did, for the log.
   */
  recover(): string[] {
    const done: string[] = [];
    const staging = this.#paths.staging;
    for (const name of existsSync(staging) ? readdirSync(staging) : []) {
      const dir = join(staging, name);
      const journal = readJournal(join(dir, JOURNAL));
      if (journal && !this.#committed(journal)) {
        this.#undoCommit(dir, journal);
        done.push(`undid the unfinished install of ${journal.id} ${journal.version}`);
      }
      rmSync(dir, { recursive: true, force: true });
    }
    const installed = new Set(listInstalledAddons(this.#db).map((addon) => addon.id));
    for (const entry of existsSync(this.#paths.root) ? readdirSync(this.#paths.root, { withFileTypes: true }) : []) {
      if (!entry.isDirectory() || entry.name === ".staging" || installed.has(entry.name)) continue;
      rmSync(join(this.#paths.root, entry.name), { recursive: true, force: true });
      done.push(`removed the files of ${entry.name}, which is not installed`);
    }
    return done;
  }

  #committed(journal: CommitJournal): boolean {
    if (getInstalledAddon(this.#db, journal.id)?.version !== journal.version) return false;
    const applied = appliedMigrationNames(this.#db, journal.id);
    return journal.migrations.every((name) => applied.has(name));
  }

  /** Puts back what `#moveIntoPlace` may have moved, whichever step it was killed at. */
  #undoCommit(dir: string, { id, version, hadDb }: CommitJournal): void {
    const row = getInstalledAddon(this.#db, id);
    if (!row) {
      rmSync(this.#paths.addonDir(id), { recursive: true, force: true });
      return;
    }
    const dbPath = this.#paths.database(id);
    const previousDb = join(dir, "previous.db");
    if (existsSync(previousDb)) renameSync(previousDb, dbPath);
    else if (!hadDb) rmSync(dbPath, { force: true });
    const replaced = join(dir, "replaced-files");
    const versionDir = this.#paths.versionDir(id, version);
    if (existsSync(replaced)) {
      rmSync(versionDir, { recursive: true, force: true });
      renameSync(replaced, versionDir);
    } else if (version !== row.version && version !== row.previous_version) {
      rmSync(versionDir, { recursive: true, force: true });
      rmSync(this.#paths.packageZip(id, version), { force: true });
    }
  }

  /** A copy of the addon's database (or a new one) with the pending migrations run in it. */
  async #stageDatabase(dir: string, verified: VerifiedPackage, isInstalled: boolean): Promise<{ migrations: string[]; stagedDb: string | null }> {
    const { id } = verified.manifest;
    if (packageMigrations(verified.files).length === 0) return { migrations: [], stagedDb: null };
    const applied = appliedMigrationNames(this.#db, id);
    const live = this.#paths.database(id);
    const stagedDb = join(dir, "addon.db");
    // Only an installed addon's: a database without a row is a leftover, its migrations unrecorded.
    const installed = isInstalled && existsSync(live);
    // Owner-only like the core database (it is the addon's data); a copy keeps its source's mode.
    if (installed) copyFileSync(live, stagedDb);
    else createPrivateFile(stagedDb);
    const migrations = await runAddonMigrations(stagedDb, verified.files, applied, this.#migrationTimeoutMs);
    if (migrations.length === 0 && installed) return { migrations, stagedDb: null };
    return { migrations, stagedDb };
  }

  /** Keeps the installed and the previous version on disk (rollback needs it), removes older ones; best effort. */
  #pruneVersions(id: string, keep: Array<string | null>): void {
    const dir = this.#paths.addonDir(id);
    for (const name of readdirSync(dir)) {
      const version = name.endsWith(".zip") ? name.slice(0, -4) : name;
      if (name === "addon.db" || keep.includes(version)) continue;
      try {
        rmSync(join(dir, name), { recursive: true, force: true });
      } catch {
        // An old version left behind costs disk space only; it is pruned at the next install.
      }
    }
  }
}

/** A commit journal, or null when there is none (the dir of a stage that never reached commit) or it is unreadable. */
function readJournal(path: string): CommitJournal | null {
  if (!existsSync(path)) return null;
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as CommitJournal;
    return typeof value.id === "string" && typeof value.version === "string" && Array.isArray(value.migrations) ? value : null;
  } catch {
    return null; // Cut short while written: nothing was moved yet.
  }
}
