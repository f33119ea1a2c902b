import assert from "node:assert/strict";
import { test } from "node:test";
import { jsonEncodedLength } from "./json-size.ts";

test("jsonEncodedLength counts what JSON.stringify writes (without the quotes) without encoding", () => {
  const samples = [
    "", "plain text", "\u0001\u0002\u001f", "\n\t\r\b\f", "\"quoted\" \\back\\", "é ü 日本", "😀 pair",
    "lone \ud800 high", "lone \udc00 low", "\ud83d", "end \ud83d\ude00\ud83d", "\u007f\u2028 not escaped",
  ];
  for (const sample of samples) assert.equal(jsonEncodedLength(sample), JSON.stringify(sample).length - 2, JSON.stringify(sample));
  assert.equal(jsonEncodedLength("\u0001".repeat(1000)), 6000, "a control byte takes six characters");
});
