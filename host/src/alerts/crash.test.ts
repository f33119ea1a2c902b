import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../store/database.ts";
import { AlertManager } from "./manager.ts";
import { cachedStatement } from "../store/statements.ts";
import { clear, problem } from "./testdata/fixtures.ts";

const CHILD = fileURLToPath(new URL("./testdata/ingest-child.ts", import.meta.url));

/** Runs the child until it has reported `batches` commits plus a random delay, then SIGKILLs it. */
async function ingestUntilKilled(file: string, batches: number, delayMs: number): Promise<number> {
  const child = spawn(process.execPath, [CHILD, file], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let lastCommitted = -1;
  let reported = 0;
  let buffered = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })));
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      const match = /^committed (\d+)$/.exec(line);
      if (!match) continue;
      lastCommitted = Number(match[1]);
      if (++reported === batches) setTimeout(() => child.kill("SIGKILL"), delayMs);
    }
  });
  const { code, signal } = await exited;
  assert.equal(signal, "SIGKILL", `the child should be killed mid-ingest, not exit (code ${code}): ${stderr}`);
  return lastCommitted;
}

test("a SIGKILL mid-ingest loses no committed batch and leaves a consistent, usable database", { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "oc-crash-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "oc.db");
  for (let round = 0; round < 3; round++) {
    const lastCommitted = await ingestUntilKilled(file, 2 + Math.floor(Math.random() * 6), Math.floor(Math.random() * 25));
    assert.ok(lastCommitted > 0, `round ${round}: the child committed batches`);
    const db = openDatabase(file);
    try {
      assert.equal(db.pragma("integrity_check", { simple: true }), "ok", `round ${round}`);
      const count = cachedStatement(db, "SELECT count(*) FROM alerts").pluck().get() as number;
      assert.ok(count >= lastCommitted, `round ${round}: ${count} alerts on disk, ${lastCommitted} reported committed`);
      const duplicates = cachedStatement(db,
        "SELECT count(*) FROM (SELECT fingerprint FROM alerts WHERE status <> 'resolved' GROUP BY fingerprint HAVING count(*) > 1)")
        .pluck().get();
      assert.equal(duplicates, 0);
      const orphans = cachedStatement(db,
        "SELECT count(*) FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM alert_events e WHERE e.alert_id = a.id AND e.kind = 'created')")
        .pluck().get();
      assert.equal(orphans, 0, "every alert was committed with its created event");

      const manager = new AlertManager(db);
      const after = manager.ingest("crash-1", [problem({ resource: `after-${round}` }), problem({ resource: `after-${round}` })]);
      assert.deepEqual([after.created, after.deduplicated], [1, 1]);
      assert.equal(manager.ingest("crash-1", [clear({ resource: `after-${round}` })]).resolved, 1);
    } finally {
      db.close();
    }
  }
});
