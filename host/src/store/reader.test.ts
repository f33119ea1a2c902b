import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OcError } from "@opsconductor/sdk";
import { AlertManager } from "../alerts/manager.ts";
import { listAlerts } from "../alerts/queries.ts";
import { addConnector, CONNECTOR, problem } from "../alerts/testdata/fixtures.ts";
import { ManualClock } from "../util/clock.ts";
import { openDatabase, type Db } from "./database.ts";
import { startReader, type StoreReader, type StoreReaderOptions } from "./reader.ts";

/** A store on disk (a reader thread cannot open an in-memory one) with `rows` alerts, closed after the test. */
function storeWith(t: TestContext, rows: number): { db: Db; manager: AlertManager } {
  const dir = mkdtempSync(join(tmpdir(), "oc-reader-"));
  const db = openDatabase(join(dir, "oc.db"));
  t.after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  addConnector(db, CONNECTOR);
  const manager = new AlertManager(db, { clock: new ManualClock("2026-01-01T00:00:00.000Z") });
  manager.ingest(CONNECTOR, Array.from({ length: 10 }, (_, i) => problem({ resource: `port-${i}`, title: `Port ${i} down` })));
  // Bulk rows for the scans (written directly: quicker than ingesting them).
  db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
    INSERT INTO alerts (fingerprint, connector_id, connector_type, alert_type, status, severity, category, priority, priority_reason,
      device_ip, device_name, resource, title, message, metrics_json, raw_json, first_seen_at, last_seen_at, event_time, resolved_at, resolution)
    SELECT 'bulk-' || i, ?, 'opsconductor.prtg', 'link_down', 'resolved', 'major', 'network', 'P3', 'P3 because bulk',
      '10.9.' || (i / 250) || '.' || (i % 250), 'bulk-' || i, 'port', 'Bulk ' || i || ' down', 'a long enough message about a link', '{}', '{}',
      '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 'clear'
    FROM n`).run(rows, CONNECTOR);
  // As the daemon's checkpointer would: a reader then does not start by reading a large WAL.
  db.pragma("wal_checkpoint(TRUNCATE)");
  return { db, manager };
}

/** A reader over a store of `rows` alerts, closed after the test. */
function readerOver(t: TestContext, rows: number, options: StoreReaderOptions = {}): { db: Db; manager: AlertManager; reader: StoreReader } {
  const store = storeWith(t, rows);
  const reader = startReader(store.db, options);
  t.after(() => reader.close());
  return { ...store, reader };
}

test("the reader answers what the same query answers inline, and sees what was committed before it ran", async (t) => {
  const { db, manager, reader } = readerOver(t, 1_000);
  const filters = { text: "Port", limit: 5 };
  assert.deepEqual(await reader.query("listAlerts", filters), listAlerts(db, filters));
  manager.ingest(CONNECTOR, [problem({ resource: "port-new", title: "Port new down" })]);
  const [newest] = (await reader.query("listAlerts", { text: "Port new" })).items;
  assert.equal(newest?.title, "Port new down");
});

test("a query's error keeps its code across the thread", async (t) => {
  const { reader } = readerOver(t, 10);
  await assert.rejects(reader.query("listAlerts", { cursor: "not-a-cursor" }), (error: unknown) => OcError.is(error, "CURSOR_INVALID"));
  assert.equal((await reader.query("listAlerts", { limit: 1 })).items.length, 1, "and the next query is answered");
});

test("a search that scans every row leaves the event loop free (inline, it would not)", async (t) => {
  const { reader } = readerOver(t, 200_000);
  await reader.query("listAlerts", { limit: 1 });
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 1);
  const started = performance.now();
  const page = await reader.query("listAlerts", { text: "matches nothing at all" });
  const elapsed = performance.now() - started;
  clearInterval(ticker);
  assert.equal(page.items.length, 0);
  assert.ok(ticks >= 3, `the loop ticked ${ticks} times during a ${elapsed.toFixed(0)} ms scan`);
});

test("a query over its time is answered STORE_QUERY_TIMEOUT; the reader runs the next once the stopped thread has ended", async (t) => {
  const { reader } = readerOver(t, 400_000, { timeoutMs: 60 });
  await reader.query("listAlerts", { limit: 1 });
  const scan = reader.query("listAlerts", { text: "matches nothing at all" });
  const next = reader.query("listAlerts", { limit: 2 });
  await assert.rejects(scan, (error: unknown) => OcError.is(error, "STORE_QUERY_TIMEOUT") && /ran past/.test((error as Error).message));
  // Queued behind the scan, it waited past its own time too: a query's time counts from when it was asked.
  await assert.rejects(next, (error: unknown) => OcError.is(error, "STORE_QUERY_TIMEOUT"));
  // The stopped thread ends when its statement returns; until then queries wait (and may time out).
  let answered: { items: unknown[] } | undefined;
  for (let attempt = 0; attempt < 100 && !answered; attempt++) {
    answered = await reader.query("listAlerts", { limit: 2 }).catch((error: unknown) => {
      assert.ok(OcError.is(error, "STORE_QUERY_TIMEOUT"), String(error));
      return undefined;
    });
  }
  assert.equal(answered?.items.length, 2, "the same reader answers again, on a new thread");
});

test("a failure that is not the store's reaches the caller as STORE_QUERY_FAILED without its details, and the log with them", async (t) => {
  const logged: string[] = [];
  const { reader } = readerOver(t, 10, { log: (line) => logged.push(line) });
  // A filter of the wrong type makes the query itself throw a TypeError.
  await assert.rejects(reader.query("listAlerts", { text: 42 } as never), (error: unknown) =>
    OcError.is(error, "STORE_QUERY_FAILED") && !/TypeError/.test((error as Error).message));
  assert.match(logged.join("\n"), /store reader: listAlerts failed: \w*Error/);
});

test("past maxWaiting queued queries the next is refused at once with STORE_SEARCHES_BUSY and a Retry-After; the queued ones are answered", async (t) => {
  const { reader } = readerOver(t, 50_000, { maxWaiting: 3 });
  await reader.query("listAlerts", { limit: 1 });
  const running = reader.query("listAlerts", { text: "matches nothing at all" });
  const queued = [1, 2, 3].map(() => reader.query("listAlerts", { limit: 1 }));
  await assert.rejects(reader.query("listAlerts", { limit: 1 }), (error: unknown) =>
    OcError.is(error, "STORE_SEARCHES_BUSY") && error.details?.retryAfterSeconds === 1);
  assert.equal((await running).items.length, 0);
  for (const answer of await Promise.all(queued)) assert.equal(answer.items.length, 1);
});

test("queries waiting when the reader closes are refused with STORE_QUERY_FAILED, as are later ones", async (t) => {
  const { db } = storeWith(t, 10);
  const reader = startReader(db);
  const refusedWithCode = (query: Promise<unknown>) => assert.rejects(query, (error: unknown) => OcError.is(error, "STORE_QUERY_FAILED"));
  const waiting = [reader.query("listAlerts", { limit: 1 }), reader.query("listAlerts", { limit: 1 })].map(refusedWithCode);
  await reader.close();
  await Promise.all(waiting);
  await refusedWithCode(reader.query("listAlerts", {}));
});
