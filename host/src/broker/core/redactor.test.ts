import assert from "node:assert/strict";
import { test } from "node:test";
import { REDACTED, Redactor } from "./redactor.ts";

test("a secret and its URL-encoded forms are redacted; short values are not", () => {
  const redactor = new Redactor(["p@ss word!", "ab"]);
  assert.equal(redactor.text("x p@ss word! y p%40ss%20word! z p%40ss+word%21"), `x ${REDACTED} y ${REDACTED} z ${REDACTED}`);
  assert.equal(redactor.text("abc"), "abc");
});

test("a multi-line secret is redacted with CRLF line ends and line by line, as a terminal would echo it", () => {
  const key = [
    "-----BEGIN OPENSSH PRIVATE KEY-----",
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
    "QyNTUxOQAAACBNL2v9kW2sXgq0m6yGmB7bU3f9cQj3Yt4m0sRkq1rT0AAAAJgmKmS2JipktgAA",
    "-----END OPENSSH PRIVATE KEY-----",
  ].join("\n");
  const redactor = new Redactor([key]);
  const echoed = `show key\r\n${key.replace(/\n/g, "\r\n")}\r\nasa# `;
  assert.equal(redactor.text(echoed), `show key\r\n${REDACTED}\r\nasa# `);
  const oneLine = key.split("\n")[2]!;
  assert.equal(redactor.text(`partial: ${oneLine}`), `partial: ${REDACTED}`);
  assert.ok(!JSON.stringify(redactor.deep({ output: [echoed, oneLine] })).includes("b3BlbnNzaC1rZXktdjEA"));
});
