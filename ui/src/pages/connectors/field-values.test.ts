import { test } from "node:test";
import assert from "node:assert/strict";
import { parseInput, toInputValue } from "./field-values.ts";
import type { InputField, InputType } from "./schema-fields.ts";

function input(type: InputType, extra: Partial<InputField> = {}): InputField {
  return {
    kind: "input", key: "x", title: "X", description: undefined, required: false, widget: undefined, type, sensitive: false, options: [],
    default: undefined, minimum: undefined, maximum: undefined, exclusiveMinimum: undefined, exclusiveMaximum: undefined,
    minLength: undefined, maxLength: undefined, pattern: undefined, ...extra,
  };
}

test("an empty input is left out, or required", () => {
  assert.deepEqual(parseInput(input("string"), "  "), { ok: true, value: undefined });
  assert.deepEqual(parseInput(input("integer", { required: true }), ""), { ok: false, error: "required" });
});

test("integers and numbers are checked for type and range", () => {
  const port = input("integer", { minimum: 1, maximum: 65535 });
  assert.deepEqual(parseInput(port, " 443 "), { ok: true, value: 443 });
  for (const bad of ["1.5", "abc", "0", "70000", "1e3"]) {
    const parsed = parseInput(port, bad);
    assert.ok(!parsed.ok && /whole number from 1 to 65535/.test(parsed.error), bad);
  }
  assert.deepEqual(parseInput(input("number", { minimum: 0 }), "2.5"), { ok: true, value: 2.5 });
  assert.deepEqual(parseInput(input("number", { minimum: 0 }), "-1"), { ok: false, error: "a number at least 0" });
  assert.deepEqual(parseInput(input("number", { exclusiveMaximum: 100 }), "100"), { ok: false, error: "less than 100" });
  assert.deepEqual(parseInput(input("number"), "ten"), { ok: false, error: "a number" });
});

test("strings are checked for length and pattern; secrets keep their spaces", () => {
  const passhash = input("string", { pattern: "^[0-9]{1,64}$", sensitive: true });
  assert.deepEqual(parseInput(passhash, "0123"), { ok: true, value: "0123" });
  assert.deepEqual(parseInput(passhash, "12ab"), { ok: false, error: "must match ^[0-9]{1,64}$" });
  assert.deepEqual(parseInput(input("string", { sensitive: true }), " pass word "), { ok: true, value: " pass word " });
  assert.deepEqual(parseInput(input("string"), " host "), { ok: true, value: "host" });
  assert.deepEqual(parseInput(input("string", { maxLength: 3 }), "abcd"), { ok: false, error: "at most 3 characters" });
  assert.deepEqual(parseInput(input("string", { minLength: 2 }), "a"), { ok: false, error: "at least 2 characters" });
  assert.deepEqual(parseInput(input("string", { pattern: "(?<=" }), "x"), { ok: true, value: "x" }, "an invalid pattern is left to the host");
});

test("enums give back the schema's own value; booleans are always sent", () => {
  const version = input("enum", { options: [1, "2c"] });
  assert.deepEqual(parseInput(version, "1"), { ok: true, value: 1 });
  assert.deepEqual(parseInput(version, "3"), { ok: false, error: "one of 1, 2c" });
  assert.deepEqual(parseInput(input("boolean"), false), { ok: true, value: false });
});

test("lists are typed comma-separated, without blanks or repeats", () => {
  assert.deepEqual(parseInput(input("list"), "10.0.0.1, 10.0.0.2,,10.0.0.1"), { ok: true, value: ["10.0.0.1", "10.0.0.2"] });
  assert.deepEqual(toInputValue(input("list"), ["a", "b"]), "a, b");
});

test("inputs show the value, else the default", () => {
  assert.equal(toInputValue(input("integer", { default: 60 }), undefined), "60");
  assert.equal(toInputValue(input("integer", { default: 60 }), 120), "120");
  assert.equal(toInputValue(input("boolean", { default: true }), undefined), true);
  assert.equal(toInputValue(input("boolean"), undefined), false);
  assert.equal(toInputValue(input("string"), null), "");
});
