import assert from "node:assert/strict";
import { test } from "node:test";
import { openDatabase, type Db } from "../../store/database.ts";
import { DEFAULT_STATE_MAX_TOTAL_BYTES } from "./state-capability.ts";
import { SqliteConnectorStateStore, STATE_BYTES_PER_KEY } from "./state-store.ts";

const K = STATE_BYTES_PER_KEY;

const AT = "2024-05-01T12:00:00.000Z";
const set = (store: SqliteConnectorStateStore, instanceId: string, key: string, valueJson: string, maxTotalBytes = 1_000_000) =>
  store.set(instanceId, key, valueJson, { maxTotalBytes, at: AT });

/** What connector_state holds for the instance, read from the table (total(), not the sum() counted below). */
function stored(db: Db, instanceId: string) {
  const row = db.prepare("SELECT count(*) AS keys, total(size) AS bytes FROM connector_state WHERE connector_id = ?")
    .get(instanceId) as { keys: number; bytes: number };
  return { keys: row.keys, bytes: row.bytes };
}

/** Counts the runs of the statements whose SQL sums the table (the per-instance aggregate). */
function countAggregates(db: Db): { runs: number } {
  const counter = { runs: 0 };
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    if (!/sum\(size\)/i.test(sql)) return statement;
    const get = statement.get.bind(statement);
    statement.get = ((...args: unknown[]) => {
      counter.runs += 1;
      return get(...args);
    }) as typeof statement.get;
    return statement;
  }) as typeof db.prepare;
  return counter;
}

test("an instance's usage is read by one aggregate query at its first use, not at every write", () => {
  const db = openDatabase(":memory:");
  try {
    // Rows written before (by an earlier run of the daemon) are counted.
    db.prepare("INSERT INTO connector_state (connector_id, key, value_json, size, updated_at) VALUES ('c1', 'old', '\"abc\"', 8, ?)").run(AT);
    const aggregates = countAggregates(db);
    const store = new SqliteConnectorStateStore(db);
    for (let i = 0; i < 50; i++) set(store, "c1", `k${i}`, String(i));
    for (let i = 0; i < 10; i++) store.delete("c1", `k${i}`);
    assert.throws(() => set(store, "c1", "big", `"${"x".repeat(2_000)}"`, 1_000), { code: "BROKER_STATE_TOO_LARGE" });
    assert.deepEqual(store.usage("c1"), stored(db, "c1"));
    assert.equal(aggregates.runs, 1, "one aggregate for c1, whatever the writes");
    set(store, "c2", "k", "1");
    assert.equal(aggregates.runs, 2, "and one for c2 at its first use");
  } finally {
    db.close();
  }
});

test("the figures follow every set, replacement and delete, and a refused or failed write leaves them unchanged", () => {
  const db = openDatabase(":memory:");
  try {
    const store = new SqliteConnectorStateStore(db);
    const check = () => assert.deepEqual(store.usage("c1"), stored(db, "c1"));
    // A cap of 30 bytes of keys and values for 3 keys.
    const cap = 30 + 3 * K;
    set(store, "c1", "a", '"xxxxxxxx"', cap);              // 1 + 10 bytes
    set(store, "c1", "b", '"yyyyyyyy"', cap);              // 22 bytes
    check();
    set(store, "c1", "b", '"yy"', cap);                     // replaced: 16 bytes, still 2 keys
    assert.deepEqual(store.usage("c1"), { keys: 2, bytes: 16 });
    check();
    assert.throws(() => set(store, "c1", "c", '"zzzzzzzzzzzzz"', cap), { code: "BROKER_STATE_TOO_LARGE" });
    assert.deepEqual(store.usage("c1"), { keys: 2, bytes: 16 }, "refused: unchanged");
    // A write SQLite fails (here a trigger; in life a full disk) moves nothing either.
    db.exec("CREATE TEMP TRIGGER refuse_boom BEFORE INSERT ON connector_state WHEN NEW.key = 'boom' BEGIN SELECT RAISE(ABORT, 'no room on disk'); END");
    db.exec("CREATE TEMP TRIGGER refuse_a BEFORE UPDATE ON connector_state WHEN NEW.key = 'a' BEGIN SELECT RAISE(ABORT, 'no room on disk'); END");
    assert.throws(() => set(store, "c1", "boom", "1", cap), /no room on disk/);
    assert.throws(() => set(store, "c1", "a", "1", cap), /no room on disk/);
    assert.deepEqual(store.usage("c1"), { keys: 2, bytes: 16 }, "failed: unchanged");
    check();
    // Exactly the room left still fits, one byte more does not, and a delete frees its key's bytes.
    assert.throws(() => set(store, "c1", "c", '"zzzzzzzzzzzz"', cap), { code: "BROKER_STATE_TOO_LARGE" }); // 15 bytes: 31
    set(store, "c1", "c", '"zzzzzzzzzzz"', cap);            // 14 bytes: exactly 30
    store.delete("c1", "nothing");
    store.delete("c1", "a");
    assert.deepEqual(store.usage("c1"), { keys: 2, bytes: 19 });
    check();
  } finally {
    db.close();
  }
});

test("stores over the same database share the figures: a restarted connector's two instances cannot pass the cap together", () => {
  const db = openDatabase(":memory:");
  try {
    const old = new SqliteConnectorStateStore(db);
    const replacement = new SqliteConnectorStateStore(db);
    assert.deepEqual(old.usage("c1"), { keys: 0, bytes: 0 });
    assert.deepEqual(replacement.usage("c1"), { keys: 0, bytes: 0 });
    const cap = 40 + 2 * K;
    set(old, "c1", "a", '"xxxxxxxxxxxxxxxxxx"', cap);      // 21 bytes
    assert.throws(() => set(replacement, "c1", "b", '"yyyyyyyyyyyyyyyyyy"', cap), { code: "BROKER_STATE_TOO_LARGE" });
    replacement.delete("c1", "a");
    assert.deepEqual(old.usage("c1"), { keys: 0, bytes: 0 });
  } finally {
    db.close();
  }
});

test("the cap counts 64 bytes per key beside the keys and values, so it bounds the rows; a refusal names the keys when they are what bites", () => {
  const db = openDatabase(":memory:");
  try {
    const store = new SqliteConnectorStateStore(db);
    // Tiny keys: 219,310 fitted in 1 MiB when only their bytes counted.
    let keys = 0;
    let refusal: Error | undefined;
    for (; keys < 300_000 && !refusal; keys++) {
      try {
        set(store, "c1", keys.toString(36), "1", DEFAULT_STATE_MAX_TOTAL_BYTES);
      } catch (error) {
        refusal = error as Error;
      }
    }
    const usage = store.usage("c1");
    assert.ok(usage.keys > 15_000 && usage.keys < DEFAULT_STATE_MAX_TOTAL_BYTES / K, `${usage.keys} keys`);
    assert.ok(usage.bytes + usage.keys * K <= DEFAULT_STATE_MAX_TOTAL_BYTES);
    assert.ok(usage.bytes + (usage.keys + 1) * K + 4 > DEFAULT_STATE_MAX_TOTAL_BYTES);
    assert.equal((refusal as { code?: string }).code, "BROKER_STATE_TOO_LARGE");
    assert.match(refusal!.message, new RegExp(`the instance would hold ${usage.keys + 1} keys, which at 64 bytes counted per key .* over its 1048576-byte cap: delete keys it no longer needs`));
    // Replacing a key adds no key: it fits while its bytes do.
    set(store, "c1", "0", "2", DEFAULT_STATE_MAX_TOTAL_BYTES);
    // When the bytes alone are over, the message says so, with the keys.
    assert.throws(() => set(store, "c2", "big", `"${"x".repeat(200)}"`, 100), (error: Error) => {
      assert.equal((error as { code?: string }).code, "BROKER_STATE_TOO_LARGE");
      assert.equal(error.message, "ctx.state.set('big') refused: the instance's state would take 269 bytes (205 of keys and values, and 64 per key for its 1 keys), over its 100-byte cap");
      return true;
    });
  } finally {
    db.close();
  }
});
