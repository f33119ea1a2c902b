import { test } from "node:test";
import assert from "node:assert/strict";
import { Hono } from "hono";
import { clientIp } from "./client-ip.ts";
import type { ApiEnv } from "./env.ts";

async function seen(trustProxy: boolean, forwardedFor?: string): Promise<string> {
  const app = new Hono<ApiEnv>().get("/", (c) => c.text(clientIp(c, trustProxy)));
  const response = await app.request("/", forwardedFor === undefined ? {} : { headers: { "x-forwarded-for": forwardedFor } });
  return response.text();
}

test("X-Forwarded-For counts only behind a trusted proxy, and only its last entry (the proxy's own)", async () => {
  assert.equal(await seen(false, "203.0.113.7"), "unknown", "no proxy: the header is the client's word");
  assert.equal(await seen(true, "203.0.113.7"), "203.0.113.7");
  assert.equal(await seen(true, "198.51.100.1, 203.0.113.7"), "203.0.113.7", "a forged first entry is not the address");
  assert.equal(await seen(true), "unknown");
});
