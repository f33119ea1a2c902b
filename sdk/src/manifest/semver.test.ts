import { test } from "node:test";
import assert from "node:assert/strict";
import { compareVersions, isValidRange, isValidVersion, parseVersion, satisfies } from "./semver.ts";
import { OcError } from "../errors/oc-error.ts";

test("parseVersion reads semver 2.0.0 and refuses loose forms", () => {
  assert.deepEqual(parseVersion("1.4.0-rc.1+build.7"), { major: 1, minor: 4, patch: 0, prerelease: ["rc", 1], build: ["build", "7"] });
  for (const bad of ["1.4", "v1.4.0", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3+", "a.b.c", ""]) {
    assert.equal(parseVersion(bad), null, bad);
    assert.equal(isValidVersion(bad), false, bad);
  }
});

test("compareVersions follows semver precedence", () => {
  const ordered = [
    "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
    "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0",
  ];
  for (let i = 0; i < ordered.length - 1; i++) {
    assert.ok(compareVersions(ordered[i]!, ordered[i + 1]!) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
    assert.ok(compareVersions(ordered[i + 1]!, ordered[i]!) > 0, `${ordered[i + 1]} > ${ordered[i]}`);
  }
  assert.equal(compareVersions("1.0.0+a", "1.0.0+b"), 0);
  assert.deepEqual([...ordered].reverse().sort(compareVersions), ordered);
});

test("compareVersions throws SEMVER_INVALID for a bad version", () => {
  assert.throws(() => compareVersions("1.0", "1.0.0"), (e) => OcError.is(e, "SEMVER_INVALID"));
});

const cases: Array<[range: string, inside: string[], outside: string[]]> = [
  ["1.2.3", ["1.2.3", "1.2.3+b"], ["1.2.4", "1.2.2", "1.2.3-rc.1"]],
  ["=1.2.3", ["1.2.3"], ["1.2.4"]],
  ["^1.2.3", ["1.2.3", "1.9.9"], ["1.2.2", "2.0.0", "2.0.0-rc.1", "1.5.0-beta"]],
  ["^0.2.3", ["0.2.3", "0.2.9"], ["0.3.0", "0.2.2"]],
  ["^0.0.3", ["0.0.3"], ["0.0.4", "0.0.2"]],
  ["^0.1.0", ["0.1.0", "0.1.7"], ["0.2.0", "0.0.9"]],
  ["^1.x", ["1.0.0", "1.8.0"], ["2.0.0", "0.9.0"]],
  ["^0.x", ["0.0.1", "0.9.0"], ["1.0.0"]],
  ["~1.2.3", ["1.2.3", "1.2.9"], ["1.3.0", "1.2.2"]],
  ["~1.2", ["1.2.0", "1.2.9"], ["1.3.0"]],
  ["~1", ["1.0.0", "1.9.0"], ["2.0.0"]],
  [">=1.2.3", ["1.2.3", "9.0.0"], ["1.2.2"]],
  [">1.2.3", ["1.2.4"], ["1.2.3"]],
  ["<1.2.3", ["1.2.2", "0.0.1"], ["1.2.3", "1.2.3-rc.1"]],
  ["<=1.2.3", ["1.2.3"], ["1.2.4"]],
  [">1.2", ["1.3.0"], ["1.2.9"]],
  ["<1.2", ["1.1.9"], ["1.2.0"]],
  ["<=1.2", ["1.2.9"], ["1.3.0"]],
  [">=1.2.0 <2", ["1.2.0", "1.99.0"], ["2.0.0", "1.1.0"]],
  ["1.x", ["1.0.0", "1.5.0"], ["2.0.0"]],
  ["1.2.*", ["1.2.0", "1.2.7"], ["1.3.0"]],
  ["1", ["1.0.0", "1.4.2"], ["2.0.0"]],
  ["*", ["0.0.0", "5.1.2"], ["5.1.2-rc.1"]],
  ["", ["1.0.0"], []],
  ["1.x || >=3.0.0", ["1.5.0", "3.2.0"], ["2.5.0"]],
  ["^1.0.0 || ^2.0.0", ["1.1.0", "2.2.0"], ["3.0.0"]],
  ["1.2.3 - 2.3.4", ["1.2.3", "2.3.4"], ["2.3.5", "1.2.2"]],
  ["1.2 - 2.3", ["1.2.0", "2.3.9"], ["2.4.0"]],
  ["^1.2.3-beta.2", ["1.2.3-beta.2", "1.2.3-beta.4", "1.2.3", "1.3.0"], ["1.2.3-beta.1", "1.3.0-beta", "2.0.0"]],
  [">= 1.2.3", ["1.2.3"], ["1.0.0"]],
];

test("satisfies: exact, comparators, caret, tilde, x-ranges, hyphen, AND and OR", () => {
  for (const [range, inside, outside] of cases) {
    for (const version of inside) assert.equal(satisfies(version, range), true, `${version} in "${range}"`);
    for (const version of outside) assert.equal(satisfies(version, range), false, `${version} not in "${range}"`);
  }
});

test("isValidRange refuses garbage and satisfies throws SEMVER_INVALID for it", () => {
  for (const bad of ["one.two", ">=1.2.3.4", "^a", "1.2.3 -", ">=1.2.3-"]) assert.equal(isValidRange(bad), false, bad);
  for (const good of ["^1.0.0", ">=0.1.0 <1", "1.x || 2.x", "*", "~1.2"]) assert.equal(isValidRange(good), true, good);
  assert.throws(() => satisfies("1.0.0", "one.two"), (e) => OcError.is(e, "SEMVER_INVALID"));
});
