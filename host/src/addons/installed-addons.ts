import type { Manifest } from "@opsconductor/sdk";
import type { Db } from "../store/database.ts";

/** installed | active (loaded and running) | failed (would not load) | refused (failed re-verification). */
export type AddonStatus = "installed" | "active" | "failed" | "refused";
/** Who vouches for an installed addon; `unsigned` only in dev mode. */
export type AddonTrustLevel = "core" | "trusted" | "community" | "unsigned";

/** An `installed_addons` row, its manifest parsed. */
export interface InstalledAddon {
  id: string;
  version: string;
  previous_version: string | null;
  name: string;
  category: string;
  runtime: string;
  trust_level: AddonTrustLevel;
  key_id: string | null;
  path: string;
  manifest: Manifest;
  enabled: boolean;
  status: AddonStatus;
  status_code: string | null;
  status_message: string | null;
  installed_at: string;
  updated_at: string;
}

type Row = Omit<InstalledAddon, "manifest" | "enabled"> & { manifest_json: string; enabled: number };

function fromRow({ manifest_json, enabled, ...row }: Row): InstalledAddon {
  return { ...row, manifest: JSON.parse(manifest_json) as Manifest, enabled: enabled === 1 };
}

export function getInstalledAddon(db: Db, id: string): InstalledAddon | undefined {
  const row = db.prepare("SELECT * FROM installed_addons WHERE id = ?").get(id) as Row | undefined;
  return row && fromRow(row);
}

export function listInstalledAddons(db: Db): InstalledAddon[] {
  return (db.prepare("SELECT * FROM installed_addons ORDER BY id").all() as Row[]).map(fromRow);
}

/** The row of a version that is now the installed one (install, upgrade, rollback). */
export interface InstalledVersion {
  id: string;
  version: string;
  previousVersion: string | null;
  manifest: Manifest;
  trustLevel: AddonTrustLevel;
  keyId: string | null;
  path: string;
  enabled: boolean;
  status: AddonStatus;
}

/** Inserts or replaces the addon's row; `installed_at` is kept across upgrades. */
export function saveInstalledVersion(db: Db, version: InstalledVersion, at: string): void {
  db.prepare(`INSERT INTO installed_addons (id, version, previous_version, name, category, runtime, trust_level, key_id, path,
      manifest_json, enabled, status, status_code, status_message, installed_at, updated_at)
    VALUES (@id, @version, @previous_version, @name, @category, @runtime, @trust_level, @key_id, @path,
      @manifest_json, @enabled, @status, NULL, NULL, @at, @at)
    ON CONFLICT (id) DO UPDATE SET version = excluded.version, previous_version = excluded.previous_version,
      name = excluded.name, category = excluded.category, runtime = excluded.runtime, trust_level = excluded.trust_level,
      key_id = excluded.key_id, path = excluded.path, manifest_json = excluded.manifest_json, enabled = excluded.enabled,
      status = excluded.status, status_code = NULL, status_message = NULL, updated_at = excluded.updated_at`)
    .run({
      id: version.id, version: version.version, previous_version: version.previousVersion, name: version.manifest.name,
      category: version.manifest.category, runtime: version.manifest.runtime, trust_level: version.trustLevel, key_id: version.keyId,
      path: version.path, manifest_json: JSON.stringify(version.manifest), enabled: version.enabled ? 1 : 0, status: version.status, at,
    });
}

export function setAddonStatus(db: Db, id: string, status: AddonStatus, at: string, problem?: { code: string; message: string }): void {
  db.prepare("UPDATE installed_addons SET status = ?, status_code = ?, status_message = ?, updated_at = ? WHERE id = ?")
    .run(status, problem?.code ?? null, problem?.message ?? null, at, id);
}

export function setAddonEnabled(db: Db, id: string, enabled: boolean, at: string): void {
  db.prepare("UPDATE installed_addons SET enabled = ?, updated_at = ? WHERE id = ?").run(enabled ? 1 : 0, at, id);
}

/** Forgets the addon: its row and its migration records. */
export function deleteInstalledAddon(db: Db, id: string): void {
  db.prepare("DELETE FROM addon_migrations WHERE addon_id = ?").run(id);
  db.prepare("DELETE FROM installed_addons WHERE id = ?").run(id);
}

/** Names (`001_init.sql`) of the migrations already run in the addon's database. */
export function appliedMigrationNames(db: Db, id: string): Set<string> {
  const rows = db.prepare("SELECT name FROM addon_migrations WHERE addon_id = ?").all(id) as Array<{ name: string }>;
  return new Set(rows.map((row) => row.name));
}

export function recordAppliedMigrations(db: Db, id: string, names: readonly string[], version: string, at: string): void {
  const insert = db.prepare("INSERT OR IGNORE INTO addon_migrations (addon_id, name, version, applied_at) VALUES (?, ?, ?, ?)");
  for (const name of names) insert.run(id, name, version, at);
}
