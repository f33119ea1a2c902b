import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorsFromMessage } from "./server-errors.ts";

test("the fields of a CONNECTOR_CONFIG_INVALID message, by pointer", () => {
  assert.deepEqual(fieldErrorsFromMessage('config is invalid: /targets/0/port must be integer; /passhash is required; / must match "else" schema'), {
    "/targets/0/port": "must be integer",
    "/passhash": "is required",
    "/": 'must match "else" schema',
  });
});

test("the upgrade form of the message (status_message of a connector that no longer starts)", () => {
  assert.deepEqual(
    fieldErrorsFromMessage("config is invalid: /site is required; /port must be <= 100 (for acme.probe 2.0.0); edit the connector to fix it"),
    { "/site": "is required", "/port": "must be <= 100" },
  );
});

test("two problems of one field are joined; a message without fields gives none", () => {
  assert.deepEqual(fieldErrorsFromMessage("config is invalid: /a must be string; /a must match pattern \"^x\""), { "/a": 'must be string; must match pattern "^x"' });
  assert.deepEqual(fieldErrorsFromMessage("no connector x"), {});
});
