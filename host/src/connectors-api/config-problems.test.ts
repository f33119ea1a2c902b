import { test } from "node:test";
import assert from "node:assert/strict";
import { createAjv } from "@opsconductor/sdk";
import { configProblems, describeProblems } from "./config-problems.ts";

const validate = createAjv().compile({
  type: "object",
  required: ["a/b"],
  properties: {
    mode: { enum: ["x", "y"] },
    token: { type: "string", pattern: "^[0-9]+$", sensitive: true },
    targets: { type: "array", items: { type: "object", properties: { host: { type: "string" } }, additionalProperties: false } },
  },
  if: { properties: { mode: { const: "y" } }, required: ["mode"] },
  then: { required: ["token"] },
  // A rule across fields whose error names no field.
  dependencies: { token: ["mode"] },
});

test("each problem is named by the JSON pointer of its field, escaped; an if/then/else by its branch's own errors, without ajv's 'must match \"then\" schema'", () => {
  assert.equal(validate({ mode: "y", targets: [{ host: "h", port: 1 }] }), false);
  assert.deepEqual(configProblems(validate.errors), [
    { pointer: "/token", message: "is required" },
    { pointer: "/a~1b", message: "is required" },
    { pointer: "/targets/0/port", message: "is not allowed" },
  ]);
});

test("a rule across fields that names none is the config's own pointer", () => {
  assert.equal(validate({ "a/b": 1, token: "1" }), false);
  assert.deepEqual(configProblems(validate.errors), [{ pointer: "", message: "must have property mode when property token is present" }]);
});

test("a problem never repeats the value, which may be a secret", () => {
  assert.equal(validate({ "a/b": 1, mode: "z", token: "hunter2" }), false);
  const problems = configProblems(validate.errors);
  assert.deepEqual(problems, [
    { pointer: "/mode", message: "must be one of x, y" },
    { pointer: "/token", message: 'must match pattern "^[0-9]+$"' },
  ]);
  assert.doesNotMatch(JSON.stringify(problems), /hunter2/);
});

test("the message form lists them as the API's message does, \"/\" standing for the whole config", () => {
  assert.equal(describeProblems([{ pointer: "/targets/0/port", message: "must be integer" }, { pointer: "", message: 'must match "then" schema' }]),
    '/targets/0/port must be integer; / must match "then" schema');
  assert.equal(describeProblems([]), "invalid");
});
