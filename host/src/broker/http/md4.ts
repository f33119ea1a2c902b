/**
 * MD4 (RFC 1320), needed only for the NT hash of NTLM. Node 24's OpenSSL 3 keeps
 * MD4 in the legacy provider (`createHash("md4")` throws), and loading that
 * provider takes a process-wide flag, so this small pure implementation is used.
 */
export function md4(input: Uint8Array): Buffer {
  const bitLength = BigInt(input.length) * 8n;
  const paddedLength = (((input.length + 8) >> 6) + 1) << 6;
  const message = Buffer.alloc(paddedLength);
  message.set(input);
  message[input.length] = 0x80;
  message.writeBigUInt64LE(bitLength & 0xffffffffffffffffn, paddedLength - 8);

  let a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
  const x = new Uint32Array(16);
  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let i = 0; i < 16; i++) x[i] = message.readUInt32LE(offset + i * 4);
    const [aa, bb, cc, dd] = [a, b, c, d];
    for (let i = 0; i < 16; i++) {
      const f = (b & c) | (~b & d);
      [a, b, c, d] = [d, rotl((a + f + x[i]!) | 0, [3, 7, 11, 19][i % 4]!), b, c];
    }
    for (let i = 0; i < 16; i++) {
      const g = (b & c) | (b & d) | (c & d);
      const k = (i % 4) * 4 + (i >> 2);
      [a, b, c, d] = [d, rotl((a + g + x[k]! + 0x5a827999) | 0, [3, 5, 9, 13][i % 4]!), b, c];
    }
    for (let i = 0; i < 16; i++) {
      const h = b ^ c ^ d;
      const k = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15][i]!;
      [a, b, c, d] = [d, rotl((a + h + x[k]! + 0x6ed9eba1) | 0, [3, 9, 11, 15][i % 4]!), b, c];
    }
    a = (a + aa) | 0; b = (b + bb) | 0; c = (c + cc) | 0; d = (d + dd) | 0;
  }
  const digest = Buffer.alloc(16);
  [a, b, c, d].forEach((word, i) => digest.writeInt32LE(word, i * 4));
  return digest;
}

function rotl(value: number, shift: number): number {
  return (value << shift) | (value >>> (32 - shift));
}
