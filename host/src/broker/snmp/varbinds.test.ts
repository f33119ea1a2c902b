import assert from "node:assert/strict";
import { test } from "node:test";
import { toPlainVarbind } from "./varbinds.ts";

const vb = (type: number, value: unknown) => toPlainVarbind({ oid: "1.3.6.1.2.1.1.1.0", type, value });

test("numbers stay numbers and carry their SMIv2 type name", () => {
  assert.deepEqual(vb(2, -5), { oid: "1.3.6.1.2.1.1.1.0", type: "Integer", value: -5 });
  assert.deepEqual([vb(65, 7).type, vb(66, 8).type, vb(67, 9).type], ["Counter32", "Gauge32", "TimeTicks"]);
  assert.equal(vb(64, "10.0.0.1").value, "10.0.0.1");
});

test("Counter64 becomes a decimal string, exact past 2^53", () => {
  assert.deepEqual(vb(70, Buffer.from("00ffffffffffffffff", "hex")), { oid: "1.3.6.1.2.1.1.1.0", type: "Counter64", value: "18446744073709551615" });
  assert.equal(vb(70, Buffer.from("0100", "hex")).value, "256");
  assert.equal(vb(70, Buffer.alloc(0)).value, "0");
});

test("a printable OctetString is text (trailing NULs dropped), anything else is colon hex", () => {
  assert.equal(vb(4, Buffer.from("Eaton 9PX 3000 – ok")).value, "Eaton 9PX 3000 – ok");
  assert.equal(vb(4, Buffer.from("line\r\nnext\t")).value, "line\r\nnext\t");
  assert.equal(vb(4, Buffer.from("C string\0\0")).value, "C string");
  assert.equal(vb(4, Buffer.from("001a2b3c4d5e", "hex")).value, "00:1a:2b:3c:4d:5e");
  assert.equal(vb(4, Buffer.from([0xff, 0xfe, 0x41])).value, "ff:fe:41");
  assert.equal(vb(4, Buffer.alloc(0)).value, "");
});

test("exception types and Null have a null value", () => {
  assert.deepEqual([vb(128, null), vb(129, null), vb(130, null), vb(5, null)].map((v) => [v.type, v.value]),
    [["NoSuchObject", null], ["NoSuchInstance", null], ["EndOfMibView", null], ["Null", null]]);
});
