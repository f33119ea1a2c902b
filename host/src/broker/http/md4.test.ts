import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { md4 } from "./md4.ts";

// RFC 1320 appendix A.5 test suite.
const RFC_1320_SUITE: Array<[string, string]> = [
  ["", "31d6cfe0d16ae931b73c59d7e0c089c0"],
  ["a", "bde52cb31de33e46245e05fbdbd6fb24"],
  ["abc", "a448017aaf21d8525fc10ae87aa6729d"],
  ["message digest", "d9130a8164549fe818874806e1c7014b"],
  ["abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9"],
  ["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "043f8582f241db351ce627e153e7f0e4"],
  ["12345678901234567890123456789012345678901234567890123456789012345678901234567890", "e33b4ddc9c38f2199c3e7b164fcc0536"],
];

test("md4 reproduces the RFC 1320 test suite", () => {
  for (const [input, expected] of RFC_1320_SUITE) assert.equal(md4(Buffer.from(input, "ascii")).toString("hex"), expected, JSON.stringify(input));
});

// OpenSSL's CLI still ships MD4 in its legacy provider: an independent check on the padding boundaries.
const opensslMd4 = (input: Buffer) => {
  const run = spawnSync("openssl", ["dgst", "-md4", "-provider", "legacy", "-provider", "default", "-r"], { input });
  return run.status === 0 ? run.stdout.toString().split(" ")[0] : undefined;
};

test("md4 agrees with OpenSSL's legacy MD4 around the padding boundaries", (t) => {
  if (opensslMd4(Buffer.from("abc")) !== "a448017aaf21d8525fc10ae87aa6729d") return t.skip("openssl CLI without the legacy provider");
  for (const length of [55, 56, 57, 63, 64, 65, 119, 120, 1000]) {
    const input = Buffer.from(Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff));
    assert.equal(md4(input).toString("hex"), opensslMd4(input), `length ${length}`);
  }
});
