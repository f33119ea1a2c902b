import { test } from "node:test";
import assert from "node:assert/strict";
import { hashPassword, verifyPassword } from "./password.ts";

test("a hash verifies its password and no other, and carries its salt and parameters", async () => {
  const hash = await hashPassword("correct horse battery");
  assert.match(hash, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.equal(await verifyPassword("correct horse battery", hash), true);
  assert.equal(await verifyPassword("correct horse batterY", hash), false);
  assert.notEqual(await hashPassword("correct horse battery"), hash, "a fresh salt every time");
});

test("hashes made with other parameters still verify", async () => {
  const cheap = await hashPassword("correct horse battery", { logN: 10, r: 8, p: 1 });
  assert.match(cheap, /ln=10/);
  assert.equal(await verifyPassword("correct horse battery", cheap), true);
});

test("malformed or abusive hashes never match", async () => {
  for (const stored of ["", "plain", "$scrypt$ln=30,r=8,p=1$c2FsdA==$aGFzaA==", "$argon2id$v=19$m=65536,t=3,p=4$abc$def"]) {
    assert.equal(await verifyPassword("anything", stored), false, stored);
  }
});
