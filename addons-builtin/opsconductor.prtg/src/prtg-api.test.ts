import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { parseTable, PrtgCodes } from "./prtg-api.ts";

const invalid = (pattern: RegExp) => (error: unknown) => OcError.is(error, PrtgCodes.RESPONSE_INVALID) && pattern.test(error.message);

test("parseTable reads the envelope: version, treesize (also as a string), the content's rows", () => {
  const page = parseTable('{"prtg-version":"17.4.36.3595","treesize":"2","sensors":[{"objid":1},{"objid":2}]}', "sensors");
  assert.deepEqual(page, { version: "17.4.36.3595", treesize: 2, rows: [{ objid: 1 }, { objid: 2 }] });
  assert.deepEqual(parseTable('{"prtg-version":"17.2.30.1767","treesize":719,"sensors":[]}', "sensors").rows, []);
});

test("parseTable refuses what is not a table: not JSON, no array for the content, a row that is not an object (never one row fewer)", () => {
  assert.throws(() => parseTable("<html>", "sensors"), invalid(/not JSON/));
  assert.throws(() => parseTable('{"treesize":1,"devices":[]}', "sensors"), invalid(/no "sensors" array/));
  assert.throws(() => parseTable('{"treesize":3,"sensors":[{"objid":1},"oops",{"objid":3}]}', "sensors"), invalid(/^row 1 of "sensors" is not an object$/));
  assert.throws(() => parseTable('{"treesize":1,"sensors":[null]}', "sensors"), invalid(/row 0/));
});
