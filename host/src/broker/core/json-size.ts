import { hostError } from "../../errors.ts";

// Characters that JSON.stringify writes as an escape (control characters, quote, backslash, surrogates).
const MAY_NEED_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/**
 * An answer crosses into the sandbox JSON-encoded, where a control byte becomes `\u0001`: six
 * characters. An 8 MiB HTTP body of them passed the byte cap and became a 48 M-character string
 * (0.4-0.8 s of JSON.stringify on the main thread, +90 MB RSS per answer; ten at once took RSS
 * from 131 to 839 MB). Text at most doubles (`"` becomes `\"`), so twice the byte cap still
 * admits any text within it.
 */
const ENCODED_CHARS_PER_CAPPED_BYTE = 2;

/**
 * How many characters `JSON.stringify(text)` writes, without the two quotes, counted in one
 * pass instead of by encoding: `\n`, `\t`, `\b`, `\f`, `\r`, `"` and `\` take two, the other
 * control characters and a lone surrogate six (`\u0001`), anything else one.
 */
export function jsonEncodedLength(text: string): number {
  if (!MAY_NEED_ESCAPE.test(text)) return text.length;
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20) length += code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? 1 : 5;
    else if (code === 0x22 || code === 0x5c) length += 1;
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
      else length += 5;
    }
  }
  return length;
}

/**
 * BROKER_RESPONSE_TOO_LARGE for received text (`what`, `bytes` long on the wire, within
 * `maxResponseBytes`) whose JSON form for the sandbox would pass twice that cap.
 */
export function checkEncodedSize(text: string, what: string, bytes: number, maxResponseBytes: number): void {
  const cap = ENCODED_CHARS_PER_CAPPED_BYTE * maxResponseBytes;
  const encoded = jsonEncodedLength(text);
  if (encoded <= cap) return;
  throw hostError("BROKER_RESPONSE_TOO_LARGE",
    `${what} (${bytes} bytes) would be ${encoded} characters once JSON-encoded for the sandbox (control bytes take 6 each), past the ${cap}-character cap (twice the ${maxResponseBytes}-byte cap)`,
    { bytes, encodedChars: encoded, maxEncodedChars: cap });
}
