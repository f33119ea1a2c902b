import assert from "node:assert/strict";
import { after, test } from "node:test";
import { testBroker } from "../core/testing.ts";
import type { ServerChannel } from "ssh2";
import { promptingShell, startTestSshServer, streamFiller, type TestSshServer, type TestSshServerOptions } from "./testing-ssh-server.ts";

// The broker's own caps on SSH calls (BrokerLimits): the size cap of one command's
// output and the time limit of one command, for exec and for the interactive shell,
// against devices that misbehave on purpose. Limits are set per test broker, small.

const PASSWORD = "dev-login-pw-9";
const CAP = 16 * 1024;
const servers: TestSshServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function device(options: Omit<TestSshServerOptions, "username" | "password">): Promise<TestSshServer> {
  const server = await startTestSshServer({ username: "admin", password: PASSWORD, ...options });
  servers.push(server);
  return server;
}

const kitFor = (server: TestSshServer, timeoutMs = 3000) => testBroker({
  targets: [{ id: "dev", name: "device", host: "127.0.0.1", port: server.port }],
  config: { username: "admin" }, secrets: { password: PASSWORD },
  limits: { timeoutMs, maxResponseBytes: CAP, callsPerOperation: 20 },
});

async function timed<T>(promise: Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (e: unknown) => e);
  return { error, ms: performance.now() - started };
}

test("exec: output past maxResponseBytes fails with BROKER_RESPONSE_TOO_LARGE and the connection is closed", { timeout: 10_000 }, async () => {
  // 1 MiB, far past the 16 KiB cap, written as fast as the channel takes it.
  const server = await device({ onExec: (_command, channel) => streamFiller(channel, 1024 * 1024) });
  const kit = kitFor(server);
  try {
    const { error, ms } = await timed(kit.broker.capabilities.ssh.exec("dev", "show tech-support"));
    assert.equal((error as { code?: string })?.code, "BROKER_RESPONSE_TOO_LARGE", String(error));
    assert.ok(ms < 3000, `stopped at the cap, not at the timeout (${Math.round(ms)} ms)`);
    await server.waitForClosedConnections(1);
    const { capabilities } = kit.broker.stats();
    assert.equal(capabilities.ssh.errors, 1);
    assert.ok(capabilities.ssh.bytesIn <= CAP, "nothing past the cap is accounted as received");
  } finally {
    await kit.close();
  }
});

test("exec: output exactly at the cap is returned whole", { timeout: 10_000 }, async () => {
  const server = await device({
    onExec: (_command, channel) => {
      channel.write("y".repeat(CAP));
      channel.exit(0);
      channel.end();
    },
  });
  const kit = kitFor(server);
  try {
    const result = await kit.broker.capabilities.ssh.exec("dev", "show run");
    assert.equal(result.stdout.length, CAP);
  } finally {
    await kit.close();
  }
});

test("exec: output within the byte cap whose JSON form for the sandbox passes twice the cap fails with BROKER_RESPONSE_TOO_LARGE", { timeout: 10_000 }, async () => {
  // 8 KiB of control bytes, half the 16 KiB cap: 49,152 characters once JSON-encoded, past twice the cap.
  const server = await device({
    onExec: (_command, channel) => {
      channel.write(Buffer.alloc(8192, 0x01));
      channel.exit(0);
      channel.end();
    },
  });
  const kit = kitFor(server);
  try {
    await assert.rejects(kit.broker.capabilities.ssh.exec("dev", "cat /dev/binary"), {
      code: "BROKER_RESPONSE_TOO_LARGE", message: /\(8192 bytes\) would be 49152 characters once JSON-encoded .* past the 32768-character cap/,
    });
  } finally {
    await kit.close();
  }
});

test("shell: a command whose output passes maxResponseBytes fails with BROKER_RESPONSE_TOO_LARGE and the connection is closed", { timeout: 10_000 }, async () => {
  const server = await device({
    onShell: (channel) => promptingShell(channel, "dev# ", (line) => {
      if (line !== "show tech-support") return "";
      streamFiller(channel, 1024 * 1024); // and no prompt after it
      return undefined;
    }),
  });
  const kit = kitFor(server);
  try {
    const { error, ms } = await timed(kit.broker.capabilities.ssh.shell("dev", ["show clock", "show tech-support"]));
    assert.equal((error as { code?: string })?.code, "BROKER_RESPONSE_TOO_LARGE", String(error));
    assert.ok(ms < 3000, `stopped at the cap, not at the timeout (${Math.round(ms)} ms)`);
    await server.waitForClosedConnections(1);
  } finally {
    await kit.close();
  }
});

test("shell: a pager that never ends is paged only up to the size cap", { timeout: 20_000 }, async () => {
  let pages = 0;
  const page = `${"interface line\r\n".repeat(23)}<--- More --->`;
  const server = await device({
    onShell: (channel) => promptingShell(channel, "dev> ", (line) => {
      if (line !== "show log") return "";
      pages += 1;
      channel.write(page);
      channel.on("data", (data: Buffer) => {
        if (data.toString() !== " ") return;
        pages += 1;
        channel.write(`\r              \r${page}`);
      });
      return undefined;
    }),
  });
  // A generous time limit: here the size cap, not the clock, must end the call.
  const kit = kitFor(server, 15_000);
  try {
    const { error } = await timed(kit.broker.capabilities.ssh.shell("dev", ["show log"]));
    assert.equal((error as { code?: string })?.code, "BROKER_RESPONSE_TOO_LARGE", String(error));
    assert.ok(pages > 1 && pages <= Math.ceil(CAP / page.length) + 2, `${pages} pages for a ${CAP}-byte cap`);
    await server.waitForClosedConnections(1);
  } finally {
    await kit.close();
  }
});

test("exec: a device that accepts the command and never answers fails with BROKER_SSH_TIMEOUT within the limit", { timeout: 10_000 }, async () => {
  const server = await device({ onExec: () => undefined });
  const kit = kitFor(server, 500);
  try {
    const { error, ms } = await timed(kit.broker.capabilities.ssh.exec("dev", "show clock"));
    assert.equal((error as { code?: string })?.code, "BROKER_SSH_TIMEOUT", String(error));
    // The limit runs from the command, after a login that takes a few ms on loopback.
    assert.ok(ms >= 450 && ms < 2000, `${Math.round(ms)} ms for a 500 ms limit`);
    await server.waitForClosedConnections(1);
  } finally {
    await kit.close();
  }
});

test("exec: a device that never answers the exec request itself fails with BROKER_SSH_TIMEOUT", { timeout: 10_000 }, async () => {
  const server = await device({ ignoreRequests: true });
  const kit = kitFor(server, 500);
  try {
    const { error, ms } = await timed(kit.broker.capabilities.ssh.exec("dev", "show clock"));
    assert.equal((error as { code?: string })?.code, "BROKER_SSH_TIMEOUT", String(error));
    assert.ok(ms < 2000, `${Math.round(ms)} ms for a 500 ms limit`);
    await server.waitForClosedConnections(1);
  } finally {
    await kit.close();
  }
});

test("shell: a device that never shows a prompt fails with BROKER_SSH_TIMEOUT", { timeout: 10_000 }, async () => {
  const server = await device({ onShell: () => undefined });
  const kit = kitFor(server, 500);
  try {
    const { error, ms } = await timed(kit.broker.capabilities.ssh.shell("dev", ["show clock"]));
    assert.equal((error as { code?: string })?.code, "BROKER_SSH_TIMEOUT", String(error));
    assert.match((error as Error).message, /login prompt/);
    assert.ok(ms < 2000, `${Math.round(ms)} ms for a 500 ms limit`);
    await server.waitForClosedConnections(1);
  } finally {
    await kit.close();
  }
});

test("shell: a device that never answers the shell request fails with BROKER_SSH_TIMEOUT", { timeout: 10_000 }, async () => {
  const server = await device({ ignoreRequests: true });
  const kit = kitFor(server, 500);
  try {
    const { error, ms } = await timed(kit.broker.capabilities.ssh.shell("dev", ["show clock"]));
    assert.equal((error as { code?: string })?.code, "BROKER_SSH_TIMEOUT", String(error));
    assert.ok(ms < 2000, `${Math.round(ms)} ms for a 500 ms limit`);
    await server.waitForClosedConnections(1);
  } finally {
    await kit.close();
  }
});

test("at most 2 sessions to one target at once: the calls past that wait their turn", { timeout: 10_000 }, async () => {
  let running = 0;
  let most = 0;
  const answerLater = (channel: ServerChannel, text: string) => {
    most = Math.max(most, ++running);
    setTimeout(() => {
      running -= 1;
      channel.write(text);
      channel.exit(0);
      channel.end();
    }, 100);
  };
  const server = await device({ onExec: (command, channel) => answerLater(channel, `ran ${command}`) });
  const kit = kitFor(server);
  try {
    const calls = Array.from({ length: 6 }, (_, i) => kit.broker.capabilities.ssh.exec("dev", `show ${i}`));
    assert.deepEqual((await Promise.all(calls)).map((result) => result.stdout), Array.from({ length: 6 }, (_, i) => `ran show ${i}`));
    assert.deepEqual([most, server.logins], [2, 6], "two sessions at a time, one login per call");
  } finally {
    await kit.close();
  }
});

test("close() ends the calls waiting for a session with BROKER_CLOSED before they log in", { timeout: 10_000 }, async () => {
  const server = await device({ onExec: () => undefined });
  const kit = kitFor(server);
  const calls = Array.from({ length: 4 }, () => timed(kit.broker.capabilities.ssh.exec("dev", "show clock")));
  for (let i = 0; i < 100 && server.logins < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  await kit.close();
  const waiting = (await Promise.all(calls)).slice(2);
  assert.deepEqual(waiting.map(({ error }) => (error as { code?: string } | undefined)?.code), ["BROKER_CLOSED", "BROKER_CLOSED"]);
  assert.ok(waiting.every(({ ms }) => ms < 2500), "neither waited for the time limit");
  assert.equal(server.logins, 2);
});
