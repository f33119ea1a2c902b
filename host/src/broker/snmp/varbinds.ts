import type { Varbind } from "@opsconductor/sdk";
import type { SnmpVarbind } from "./net-snmp.ts";

/** SMIv2 names of the ASN.1/SMI tags net-snmp reports. */
const TYPE_NAMES: Record<number, string> = {
  1: "Boolean", 2: "Integer", 3: "BitString", 4: "OctetString", 5: "Null", 6: "OID",
  64: "IpAddress", 65: "Counter32", 66: "Gauge32", 67: "TimeTicks", 68: "Opaque", 70: "Counter64",
  128: "NoSuchObject", 129: "NoSuchInstance", 130: "EndOfMibView",
};

/**
 * A net-snmp varbind as plain data that crosses the sandbox: numbers stay numbers,
 * Counter64 becomes a decimal string (it passes 2^53), an OctetString is UTF-8
 * text when printable and colon-separated hex otherwise (MAC addresses, binary),
 * the exception types (noSuchObject...) have a null value.
 */
export function toPlainVarbind(varbind: SnmpVarbind): Varbind {
  const type = TYPE_NAMES[varbind.type] ?? `Unknown(${varbind.type})`;
  return { oid: varbind.oid, type, value: plainValue(varbind.type, varbind.value) };
}

function plainValue(type: number, value: unknown): string | number | null {
  if (value === null || value === undefined || type === 5 || type >= 128) return null;
  if (type === 70) return Buffer.isBuffer(value) ? (value.length === 0 ? "0" : BigInt(`0x${value.toString("hex")}`).toString()) : String(value);
  if (Buffer.isBuffer(value)) return type === 4 ? octetString(value) : hex(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  return String(value);
}

function octetString(bytes: Buffer): string {
  // Many agents send C strings: trailing NULs are padding, not data.
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const trimmed = bytes.subarray(0, end);
  const text = new TextDecoder("utf-8", { fatal: false }).decode(trimmed);
  const printable = !text.includes("\uFFFD") && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
  return printable && (end > 0 || bytes.length === 0) ? text : hex(bytes);
}

function hex(bytes: Buffer): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(":");
}
