import { test } from "node:test";
import assert from "node:assert/strict";
import { buildHash, parseHash } from "./route.ts";

test("parseHash reads page, sub-page and query", () => {
  const route = parseHash("#/mappings/alert-types?x=1");
  assert.equal(route.page, "mappings");
  assert.equal(route.sub, "alert-types");
  assert.equal(route.params.get("x"), "1");
});

test("an empty or unknown hash is the alerts page", () => {
  assert.equal(parseHash("").page, "alerts");
  assert.equal(parseHash("#/").page, "alerts");
  const unknown = parseHash("#/nope/deeper?severity=critical");
  assert.equal(unknown.page, "alerts");
  assert.equal(unknown.sub, null);
  assert.equal(unknown.params.get("severity"), "critical");
});

test("buildHash round-trips and drops empty params", () => {
  const hash = buildHash("alerts", null, { severity: "critical,major", text: "", alert: "12" });
  assert.equal(hash, "#/alerts?severity=critical%2Cmajor&alert=12");
  const route = parseHash(hash);
  assert.equal(route.params.get("severity"), "critical,major");
  assert.equal(route.params.get("alert"), "12");
  assert.equal(buildHash("mappings", "dedup"), "#/mappings/dedup");
});
