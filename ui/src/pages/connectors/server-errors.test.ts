import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "../../api/errors.ts";
import { fieldErrorsFromDetails, fieldErrorsFromMessage, fieldErrorsOf } from "./server-errors.ts";

test("the fields of CONNECTOR_CONFIG_INVALID's details, by pointer; the whole config's \"\" is the form's \"/\"", () => {
  assert.deepEqual(fieldErrorsFromDetails({ fields: [
    { pointer: "/targets/0/port", message: "must be integer" },
    { pointer: "/passhash", message: "is required" },
    { pointer: "/passhash", message: 'must match pattern "^[0-9]+$"' },
    { pointer: "", message: 'must match "else" schema' },
  ] }), {
    "/targets/0/port": "must be integer",
    "/passhash": 'is required; must match pattern "^[0-9]+$"',
    "/": 'must match "else" schema',
  });
});

test("details without a well-formed fields list give nothing", () => {
  assert.equal(fieldErrorsFromDetails(undefined), undefined);
  assert.equal(fieldErrorsFromDetails({ id: "x" }), undefined);
  assert.equal(fieldErrorsFromDetails({ fields: ["/host"] }), undefined);
});

test("a refused save is read from its details, and from its message when it has none", () => {
  const details = { fields: [{ pointer: "/host", message: "is required" }] };
  assert.deepEqual(fieldErrorsOf(new ApiError("CONNECTOR_CONFIG_INVALID", "config is invalid: /other is required", 400, { details })), { "/host": "is required" });
  assert.deepEqual(fieldErrorsOf(new ApiError("CONNECTOR_CONFIG_INVALID", "config is invalid: /other is required", 400)), { "/other": "is required" });
});

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
