import { createPublicKey } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { OcError } from "@opsconductor/sdk";
import { checkTrustEntry, isPrivateKeyPem, type TrustEntry } from "@opsconductor/sdk/node";
import { hostError } from "../errors.ts";
import { replaceFile } from "../util/replace-file.ts";

/**
 * The trust store: `data/trust.json`, a JSON array of the SDK's trust entries
 * `{keyId, publicKey, publisher, idPrefixes, level, revoked?}` — the same format
 * `oc-addon verify --trust data/trust.json` reads. The revocation list is the entries
 * marked `revoked: true`: a revoked key stays in the file, so adding it again cannot
 * silently trust it again. Read at every use, so `opsconductor trust ...` edits made
 * while the daemon runs apply to its next install.
 */
export class TrustStore {
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  /** Every entry, revoked ones included (the verifier refuses those with ADDON_KEY_REVOKED). */
  list(): TrustEntry[] {
    if (!existsSync(this.file)) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, "utf8"));
    } catch (error) {
      throw hostError("TRUST_STORE_INVALID", `${this.file} is not valid JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw hostError("TRUST_STORE_INVALID", `${this.file} must hold a JSON array of trust entries`);
    if (withPublicHalves(parsed)) this.#write(parsed as TrustEntry[]);
    try {
      return parsed.map(checkTrustEntry);
    } catch (error) {
      throw hostError("TRUST_STORE_INVALID", `${this.file}: ${OcError.is(error) ? error.message : String(error)}`);
    }
  }

  find(keyId: string): TrustEntry | undefined {
    return this.list().find((entry) => entry.keyId === keyId);
  }

  /** Adds a key; TRUST_KEY_EXISTS if it is there already, TRUST_KEY_REVOKED if it was revoked. */
  add(entry: TrustEntry): TrustEntry {
    const entries = this.list();
    const existing = entries.find((e) => e.keyId === entry.keyId);
    if (existing?.revoked) throw hostError("TRUST_KEY_REVOKED", `key ${entry.keyId} was revoked; it cannot be trusted again`);
    if (existing) throw hostError("TRUST_KEY_EXISTS", `key ${entry.keyId} is already trusted (${existing.publisher}, ${existing.level})`);
    const checked = checkTrustEntry(entry);
    this.#write([...entries, checked]);
    return checked;
  }

  /** Adds the key unless present (revoked or not): how the daemon trusts its built-in signing key. */
  ensure(entry: TrustEntry): boolean {
    if (this.find(entry.keyId)) return false;
    this.#write([...this.list(), checkTrustEntry(entry)]);
    return true;
  }

  /** Marks a key revoked; addons it signed are refused at the next start. */
  revoke(keyId: string): TrustEntry {
    const entries = this.list();
    const entry = entries.find((e) => e.keyId === keyId);
    if (!entry) throw hostError("TRUST_KEY_NOT_FOUND", `no trusted key ${keyId} (see: opsconductor trust list)`);
    entry.revoked = true;
    this.#write(entries);
    return entry;
  }

  /** Atomic replace: a reader never sees half a file. */
  #write(entries: TrustEntry[]): void {
    replaceFile(this.file, `${JSON.stringify(entries, null, 2)}\n`);
  }
}

/**
 * Before 2026-11-27 `trust add` took a private key for a public one and stored it: each such
 * entry gets its public half instead (true when one did; the caller rewrites the file without the
 * secret). The key was readable in the data dir, so its publisher should make a new one.
 */
function withPublicHalves(entries: unknown[]): boolean {
  let repaired = false;
  for (const entry of entries) {
    const record = entry as { publicKey?: unknown } | null;
    if (typeof record?.publicKey !== "string" || !isPrivateKeyPem(record.publicKey)) continue;
    try {
      record.publicKey = createPublicKey(record.publicKey).export({ type: "spki", format: "pem" }).toString();
      repaired = true;
    } catch {
      // Not a readable key either: checkTrustEntry refuses the entry.
    }
  }
  return repaired;
}
