import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { AlertManager } from "../alerts/manager.ts";
import { addConnector, CONNECTOR, problem } from "../alerts/testdata/fixtures.ts";
import { ManualClock } from "../util/clock.ts";
import { openDatabase } from "./database.ts";
import { storeErrorOf, storeHealthOf } from "./store-errors.ts";

test("SQLite's operational failures become STORE_ codes; anything else is left as it was", () => {
  const sqlite = (code: string) => Object.assign(new Error(code.toLowerCase()), { code });
  assert.equal(storeErrorOf(sqlite("SQLITE_FULL"))?.code, "STORE_FULL");
  assert.equal(storeErrorOf(sqlite("SQLITE_BUSY_SNAPSHOT"))?.code, "STORE_BUSY");
  assert.equal(storeErrorOf(sqlite("SQLITE_IOERR_WRITE"))?.code, "STORE_UNWRITABLE");
  assert.equal(storeErrorOf(sqlite("SQLITE_READONLY"))?.code, "STORE_UNWRITABLE");
  assert.equal(storeErrorOf(sqlite("SQLITE_CORRUPT"))?.code, "STORE_CORRUPT");
  assert.equal(storeErrorOf(sqlite("SQLITE_CONSTRAINT_UNIQUE")), undefined, "a constraint is a bug, not the store's state");
  assert.equal(storeErrorOf(new OcError("ALERT_NOT_FOUND", "no")), undefined);
  assert.equal(storeErrorOf(null), undefined);
});

test("a full database fails the whole batch with STORE_FULL and marks the store's health; once there is room the same batch is stored whole", () => {
  const db = openDatabase(":memory:");
  addConnector(db, CONNECTOR);
  const manager = new AlertManager(db, { clock: new ManualClock("2026-01-01T00:00:00.000Z") });
  manager.ingest(CONNECTOR, [problem({ resource: "first" })]);
  const batch = Array.from({ length: 2_000 }, (_, i) => problem({ resource: `port-${i}`, message: "x".repeat(300) }));
  db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true }) as number}`);
  assert.throws(() => manager.ingest(CONNECTOR, batch), (error: unknown) => OcError.is(error, "STORE_FULL") && /disk is full/.test((error as Error).message));
  assert.equal(storeHealthOf(db).failure?.code, "STORE_FULL");
  assert.equal(db.prepare("SELECT count(*) FROM alerts").pluck().get(), 1, "nothing of the batch was stored");
  db.pragma("max_page_count = 1073741823");
  assert.equal(manager.ingest(CONNECTOR, batch).created, 2_000, "the in-memory view was not left ahead of the table");
  assert.equal(storeHealthOf(db).failure, undefined, "a write succeeded: healthy again");
});
