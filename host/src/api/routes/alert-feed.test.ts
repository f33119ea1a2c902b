import { test } from "node:test";
import assert from "node:assert/strict";
import type { AlertChange } from "../../alerts/types.ts";
import { AlertFeed } from "./alert-feed.ts";

const AT = "2026-03-01T00:00:00.000Z";
const change = (alertId: number, kind: AlertChange["kind"] = "updated"): AlertChange => ({ kind, alertId, at: AT });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The events of written text, as [event, data] pairs. */
function eventsOf(text: string): Array<[string, any]> {
  return text.split("\n\n").filter(Boolean).map((block) => {
    const [event, data] = block.split("\n");
    return [event!.replace("event: ", ""), JSON.parse(data!.replace("data: ", ""))];
  });
}

test("changes gathered within the interval are written together, each alert's latest once; a created alert stays created", async () => {
  const writes: string[] = [];
  const feed = new AlertFeed(async (text) => void writes.push(text), { intervalMs: 20 });
  feed.push(change(1, "created"));
  feed.push(change(2, "acknowledged"));
  feed.push(change(1, "updated"));
  feed.push(change(2, "resolved"));
  assert.deepEqual(writes, [], "nothing written at once");
  await sleep(60);
  assert.equal(writes.length, 1);
  assert.deepEqual(eventsOf(writes[0]!), [["alert", change(1, "created")], ["alert", change(2, "resolved")]]);
  feed.push(change(3));
  await sleep(60);
  assert.deepEqual(eventsOf(writes[1]!), [["alert", change(3)]]);
  feed.close();
});

test("while a write waits for the client, changes gather up to maxPending alerts; past it one resync replaces them", async () => {
  const writes: string[] = [];
  let release!: () => void;
  const feed = new AlertFeed((text) => {
    writes.push(text);
    return new Promise<void>((resolve) => (release = resolve));
  }, { intervalMs: 5, maxPending: 100 });
  feed.push(change(1));
  await sleep(30);
  assert.equal(writes.length, 1, "the first write is out, and the client does not read");
  for (let id = 2; id <= 50_000; id++) {
    feed.push(change(id));
    assert.ok(feed.pending <= 100, `pending ${feed.pending} alerts`);
  }
  await sleep(30);
  assert.equal(writes.length, 1, "one write at a time");
  release();
  await sleep(30);
  assert.equal(writes.length, 2);
  const [[event, data]] = eventsOf(writes[1]!) as [[string, { reason: string }]];
  assert.equal(event, "resync");
  assert.match(data.reason, /more than 100 alerts changed/);
  release();
  // Afterwards, changes flow one by one again.
  feed.push(change(7));
  await sleep(30);
  assert.deepEqual(eventsOf(writes[2]!), [["alert", change(7)]]);
  release();
  feed.close();
});

test("a closed feed writes nothing more", async () => {
  const writes: string[] = [];
  const feed = new AlertFeed(async (text) => void writes.push(text), { intervalMs: 5 });
  feed.push(change(1));
  feed.close();
  feed.push(change(2));
  await sleep(30);
  assert.deepEqual(writes, []);
});

test("a write that fails (the client went away) closes the feed instead of leaving a rejection unhandled", async () => {
  let writes = 0;
  const feed = new AlertFeed(async () => {
    writes++;
    throw new Error("socket closed");
  }, { intervalMs: 5 });
  feed.push(change(1));
  await sleep(30);
  feed.push(change(2));
  await sleep(30);
  assert.equal(writes, 1, "closed after the failed write: nothing more is written");
  assert.equal(feed.pending, 0);
});
