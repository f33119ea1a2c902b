import { test } from "node:test";
import assert from "node:assert/strict";
import { buildUrl } from "../../api/client.ts";
import { alertFixture } from "./fixtures.ts";
import { DEFAULT_FILTERS, filtersFromParams, filtersToParams, filtersToQuery, isFiltered, matchesFilters, type AlertFilters } from "./filters.ts";

test("no params is the active view (open + acknowledged) with nothing else set", () => {
  assert.deepEqual(filtersFromParams(new URLSearchParams()), DEFAULT_FILTERS);
  assert.equal(isFiltered(DEFAULT_FILTERS), false);
  assert.equal(filtersToParams(DEFAULT_FILTERS).toString(), "");
});

test("status=all means every status; unknown statuses are dropped", () => {
  assert.deepEqual(filtersFromParams(new URLSearchParams("status=all")).status, []);
  assert.deepEqual(filtersFromParams(new URLSearchParams("status=resolved,bogus")).status, ["resolved"]);
  assert.equal(filtersToParams({ ...DEFAULT_FILTERS, status: [] }).get("status"), "all");
  assert.equal(filtersToParams({ ...DEFAULT_FILTERS, status: ["open", "acknowledged", "resolved"] }).get("status"), "all");
});

test("filters round-trip through the hash params, keeping unrelated params", () => {
  const filters: AlertFilters = {
    status: ["open"], severity: ["critical", "major"], category: ["power"], connector_type: ["eaton-ups"], device: "10.1.", text: "battery",
  };
  const params = filtersToParams(filters, new URLSearchParams("alert=7"));
  assert.equal(params.get("alert"), "7");
  assert.deepEqual(filtersFromParams(params), filters);
  assert.equal(isFiltered(filters), true);
});

test("filtersToQuery builds the GET /alerts query string", () => {
  const query = filtersToQuery({ ...DEFAULT_FILTERS, severity: ["critical", "major"], text: "link" }, "abc", 50);
  assert.equal(buildUrl("/alerts", query), "/alerts?status=open%2Cacknowledged&severity=critical%2Cmajor&text=link&limit=50&cursor=abc");
  // every status selected = no status filter at all
  assert.equal(buildUrl("/alerts", filtersToQuery({ ...DEFAULT_FILTERS, status: ["open", "acknowledged", "resolved"] })), "/alerts?limit=100");
  assert.equal(buildUrl("/alerts", filtersToQuery({ ...DEFAULT_FILTERS, status: [] })), "/alerts?limit=100");
});

test("matchesFilters mirrors the API's filters", () => {
  const alert = alertFixture();
  assert.ok(matchesFilters(alert, DEFAULT_FILTERS));
  assert.ok(!matchesFilters(alertFixture({ status: "resolved" }), DEFAULT_FILTERS));
  assert.ok(matchesFilters(alert, { ...DEFAULT_FILTERS, severity: ["major"] }));
  assert.ok(!matchesFilters(alert, { ...DEFAULT_FILTERS, severity: ["critical"] }));
  assert.ok(!matchesFilters(alert, { ...DEFAULT_FILTERS, category: ["power"] }));
  assert.ok(!matchesFilters(alert, { ...DEFAULT_FILTERS, connector_type: ["axis"] }));
  assert.ok(matchesFilters(alert, { ...DEFAULT_FILTERS, device: "CORE-SW" }));
  assert.ok(matchesFilters(alert, { ...DEFAULT_FILTERS, device: "10.0.0" }));
  assert.ok(!matchesFilters(alert, { ...DEFAULT_FILTERS, device: "edge" }));
  assert.ok(matchesFilters(alert, { ...DEFAULT_FILTERS, text: "ping" }));
  assert.ok(matchesFilters(alert, { ...DEFAULT_FILTERS, text: "sensor_down" }));
  assert.ok(!matchesFilters(alert, { ...DEFAULT_FILTERS, text: "battery" }));
});
