import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAlertChange } from "./stream.ts";

test("an AlertChange event is read as sent", () => {
  assert.deepEqual(parseAlertChange('{"kind":"created","alertId":42,"at":"2025-06-01T12:00:00.000Z"}'),
    { kind: "created", alertId: 42, at: "2025-06-01T12:00:00.000Z" });
});

test("an unknown kind still names the alert to re-fetch", () => {
  assert.equal(parseAlertChange('{"kind":"flapping","alertId":3,"at":"x"}')?.kind, "updated");
});

test("malformed data is ignored, not thrown", () => {
  for (const data of ["", "nope", "null", "[]", '{"kind":"created"}', '{"alertId":"3"}', '{"alertId":-1}', '{"alertId":1.5}']) {
    assert.equal(parseAlertChange(data), null, data);
  }
});
