import assert from "node:assert/strict";
import { test } from "node:test";
import { DigestSession, digestAuthorization, pickDigestChallenge } from "./digest.ts";
import { parseChallenges } from "./www-authenticate.ts";

// RFC 7616 §3.9.1: the same challenge offered with SHA-256 and MD5.
const COMMON = 'realm="http-auth@example.org", qop="auth, auth-int", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
const RFC_7616_HEADERS = [`Digest ${COMMON}, algorithm=SHA-256`, `Digest ${COMMON}, algorithm=MD5`];
const CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

function responseOf(header: string): string | undefined {
  return /response="([0-9a-f]+)"/.exec(header)?.[1];
}

test("RFC 7616 §3.9.1: SHA-256 is preferred and answered as the RFC does", () => {
  const choice = pickDigestChallenge(parseChallenges(RFC_7616_HEADERS));
  assert.ok(choice && "challenge" in choice);
  assert.equal(choice.challenge.algorithm, "SHA-256");
  const header = digestAuthorization({
    challenge: choice.challenge, username: "Mufasa", password: "Circle of Life", method: "GET", uri: "/dir/index.html", nc: 1, cnonce: CNONCE,
  });
  assert.equal(responseOf(header), "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  assert.match(header, /qop=auth, nc=00000001, cnonce="f2\/wE4q/);
  assert.match(header, /opaque="FQhe\/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"/);
});

test("RFC 7616 §3.9.1: the MD5 answer", () => {
  const choice = pickDigestChallenge(parseChallenges(RFC_7616_HEADERS[1]));
  assert.ok(choice && "challenge" in choice);
  assert.equal(choice.challenge.algorithm, "MD5");
  const header = digestAuthorization({
    challenge: choice.challenge, username: "Mufasa", password: "Circle of Life", method: "GET", uri: "/dir/index.html", nc: 1, cnonce: CNONCE,
  });
  assert.equal(responseOf(header), "8ca523f5e9506fed4657c9700eebdbec");
});

test("RFC 2617 §3.5: a challenge without algorithm is MD5", () => {
  const choice = pickDigestChallenge(parseChallenges(
    'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'));
  assert.ok(choice && "challenge" in choice);
  const header = digestAuthorization({
    challenge: choice.challenge, username: "Mufasa", password: "Circle Of Life", method: "GET", uri: "/dir/index.html", nc: 1, cnonce: "0a4f113b",
  });
  assert.equal(responseOf(header), "6629fae49393a05397450978507c4ef1");
});

test("a session counts nc up on one nonce and restarts at 1 on a new one", () => {
  const session = new DigestSession("u", "p");
  assert.equal(session.authorization("GET", "/"), undefined);
  const first = pickDigestChallenge(parseChallenges('Digest realm="r", nonce="n1", qop="auth"'));
  assert.ok(first && "challenge" in first);
  session.adopt(first.challenge);
  assert.match(session.authorization("GET", "/a")!, /nc=00000001/);
  assert.match(session.authorization("GET", "/b")!, /nc=00000002/);
  const second = pickDigestChallenge(parseChallenges('Digest realm="r", nonce="n2", qop="auth", stale=TRUE'));
  assert.ok(second && "challenge" in second && second.challenge.stale);
  session.adopt(second.challenge);
  const header = session.authorization("GET", "/c")!;
  assert.match(header, /nc=00000001/);
  assert.match(header, /nonce="n2"/);
});

test("only auth-int or an unknown algorithm is reported as unsupported, no Digest at all as undefined", () => {
  assert.ok(pickDigestChallenge(parseChallenges('Digest realm="r", nonce="n", qop="auth-int"')) !== undefined);
  assert.ok("unsupported" in pickDigestChallenge(parseChallenges('Digest realm="r", nonce="n", qop="auth-int"'))!);
  assert.ok("unsupported" in pickDigestChallenge(parseChallenges('Digest realm="r", nonce="n", algorithm=SHA3-256'))!);
  assert.equal(pickDigestChallenge(parseChallenges('Basic realm="r"')), undefined);
});

test("a legacy RFC 2069 challenge (no qop) is answered without qop, nc or cnonce", () => {
  const choice = pickDigestChallenge(parseChallenges('Digest realm="r", nonce="n"'));
  assert.ok(choice && "challenge" in choice);
  const header = digestAuthorization({ challenge: choice.challenge, username: "u", password: "p", method: "GET", uri: "/", nc: 1, cnonce: "c" });
  assert.doesNotMatch(header, /qop=|nc=|cnonce=/);
});

test("WWW-Authenticate: several challenges in one value, quoted escapes and NTLM token68", () => {
  const parsed = parseChallenges(['Basic realm="a, b", Digest realm="x\\"y", nonce=abc, qop="auth"', "NTLM TlRMTVNTUAACAAAA==", "Negotiate"]);
  assert.deepEqual(parsed, [
    { scheme: "basic", params: { realm: "a, b" } },
    { scheme: "digest", params: { realm: 'x"y', nonce: "abc", qop: "auth" } },
    { scheme: "ntlm", params: {}, token: "TlRMTVNTUAACAAAA==" },
    { scheme: "negotiate", params: {} },
  ]);
});
