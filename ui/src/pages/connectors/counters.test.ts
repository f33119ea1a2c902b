import { test } from "node:test";
import assert from "node:assert/strict";
import { formatTimestamp } from "../../lib/format.ts";
import { countersView } from "./counters.ts";

const ZERO = { since: null, received: 0, created: 0, deduplicated: 0, resolved: 0, dropped_clears: 0, notices: 0, polls: 0, poll_failures: 0 };
const SINCE = "2026-03-01T00:00:00.000Z";

test("the cell sums up today's alerts; dropped clears show only when there are some", () => {
  const busy = countersView({ ...ZERO, since: SINCE, received: 6, created: 3, deduplicated: 1, resolved: 1, dropped_clears: 1, polls: 4, poll_failures: 1 });
  assert.equal(busy.summary, "6 received · 3 new · 1 dropped clear");
  assert.equal(busy.quiet, false);
  assert.equal(busy.detail, `Today (since ${formatTimestamp(SINCE)}; reset daily at 00:00 UTC): 6 received — 3 new, 1 repeated, `
    + "1 resolved by a clear, 1 dropped clear (nothing open to clear), 0 notices; 4 polls, 1 failed.");
  assert.equal(countersView({ ...ZERO, since: SINCE, received: 2, created: 2 }).summary, "2 received · 2 new");
  assert.equal(countersView({ ...ZERO, since: SINCE, received: 2, dropped_clears: 2 }).summary, "2 received · 0 new · 2 dropped clears");
});

test("a connector that counted nothing yet is quiet and says so", () => {
  const view = countersView(ZERO);
  assert.equal(view.summary, "0 received · 0 new");
  assert.equal(view.quiet, true);
  assert.match(view.detail, /^Today \(nothing counted yet; reset daily at 00:00 UTC\): 0 received/);
});

test("a webhook connector that refused deliveries as busy says so in the cell and the tooltip", () => {
  const webhook = { path: "/api/v1/webhooks/c1", token_set: true, in_progress: 2, refused_busy: 4 };
  const view = countersView({ ...ZERO, since: SINCE, received: 3, created: 3 }, webhook);
  assert.equal(view.summary, "3 received · 3 new · 4 refused busy");
  assert.match(view.detail, / Webhook: 4 deliveries refused as busy since the daemon started \(the senders were told to retry\), 2 in progress\.$/);
  const refusedOnly = countersView(ZERO, { ...webhook, refused_busy: 1 });
  assert.equal(refusedOnly.quiet, false, "refusals are not quiet, even with nothing received");
  assert.match(refusedOnly.detail, /1 delivery refused/);
  assert.equal(countersView(ZERO, { ...webhook, refused_busy: 0 }).summary, "0 received · 0 new", "none refused: nothing said");
});
