import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { after, before, test } from "node:test";
import ssh2, { type ParsedKey } from "ssh2";
import { testBroker } from "../core/testing.ts";
import { promptingShell, readableEd25519KeyPair, startTestSshServer, type TestSshServer } from "./testing-ssh-server.ts";

// A device that accepts only public-key logins, for one ed25519 key (OpenSSH format)
// and one RSA key (PKCS#1 PEM, as `ssh-keygen -m PEM` or an appliance export writes it).
const ED25519 = readableEd25519KeyPair();
const RSA = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const RSA_AUTHORIZED = `ssh-rsa ${(ssh2.utils.parseKey(RSA.privateKey) as ParsedKey).getPublicSSH().toString("base64")}`;
const PASSPHRASE = "key-unlock-phrase-7";
const ENCRYPTED = readableEd25519KeyPair({ passphrase: PASSPHRASE, cipher: "aes256-ctr", rounds: 4 });
const STRANGER = readableEd25519KeyPair();

/** The base64 body lines of a PEM/OpenSSH key: none of them may leave the broker. */
const bodyLines = (key: string) => key.split("\n").filter((line) => line !== "" && !line.startsWith("-----"));

const servers: TestSshServer[] = [];
const deviceFor = async (publicKey: string) => {
  const server = await startTestSshServer({
    username: "netops", publicKey,
    onExec: (command, channel) => {
      // `cat` echoes a file back, so a test can make the device print the key it was given.
      const output = command === "show version" ? "Cisco Adaptive Security Appliance Software Version 9.16(4)\n"
        : command === "cat id_ed25519" ? ED25519.private
        : undefined;
      if (output !== undefined) channel.write(output);
      channel.exit(output === undefined ? 127 : 0);
      channel.end();
    },
    onShell: (channel) => promptingShell(channel, "fw> ", (line) => (line === "show clock" ? "12:00:00.000 UTC Mon Jan 1 2024\r\n" : "")),
  });
  servers.push(server);
  return server;
};

let ed25519Device: TestSshServer;
let rsaDevice: TestSshServer;
let encryptedKeyDevice: TestSshServer;
before(async () => {
  ed25519Device = await deviceFor(ED25519.public);
  rsaDevice = await deviceFor(RSA_AUTHORIZED);
  encryptedKeyDevice = await deviceFor(ENCRYPTED.public);
});
after(() => Promise.all(servers.map((server) => server.close())));

const kitFor = (device: TestSshServer, secrets: Record<string, unknown>) => testBroker({
  targets: [{ id: "fw", name: "firewall", host: "127.0.0.1", port: device.port }],
  config: { ssh_username: "netops" }, secrets, limits: { timeoutMs: 3000, maxResponseBytes: 64 * 1024, callsPerOperation: 20 },
});

test("key login: the private key from the secrets logs in (ed25519, OpenSSH format) and exec runs", async () => {
  const kit = kitFor(ed25519Device, { ssh_private_key: ED25519.private });
  const attemptsBefore = ed25519Device.authAttempts.length;
  try {
    const result = await kit.broker.capabilities.ssh.exec("fw", "show version");
    assert.deepEqual(result, { code: 0, stdout: "Cisco Adaptive Security Appliance Software Version 9.16(4)\n" });
    const attempts = ed25519Device.authAttempts.slice(attemptsBefore);
    assert.ok(attempts.some((a) => a.method === "publickey" && a.signed === true && a.username === "netops"), JSON.stringify(attempts));
    assert.ok(attempts.every((a) => a.method !== "password" && a.method !== "keyboard-interactive"), "no password is tried without one");
    // Also under the alternative field name, and for a shell session.
    const alias = kitFor(ed25519Device, { private_key: ED25519.private });
    try {
      assert.deepEqual(await alias.broker.capabilities.ssh.shell("fw", ["show clock"]), ["12:00:00.000 UTC Mon Jan 1 2024"]);
    } finally {
      await alias.close();
    }
  } finally {
    await kit.close();
  }
});

test("key login: an RSA key in PKCS#1 PEM logs in too", async () => {
  const kit = kitFor(rsaDevice, { ssh_private_key: RSA.privateKey });
  try {
    assert.equal((await kit.broker.capabilities.ssh.exec("fw", "show version")).code, 0);
    assert.ok(rsaDevice.logins >= 1);
  } finally {
    await kit.close();
  }
});

test("key login: the key never reaches the caller or the logs, even when the device prints it", async () => {
  const kit = kitFor(ed25519Device, { ssh_private_key: ED25519.private });
  try {
    const result = await kit.broker.capabilities.ssh.exec("fw", "cat id_ed25519");
    assert.equal(result.stdout, "***", "the device's echo of the key is redacted");
    const shellOutputs = await kit.broker.capabilities.ssh.shell("fw", ["show clock"]);
    const visible = JSON.stringify({ result, shellOutputs, stats: kit.broker.stats() }) + kit.logger.text();
    for (const line of bodyLines(ED25519.private)) assert.ok(!visible.includes(line), `key material leaked: ${line}`);
  } finally {
    await kit.close();
  }
});

test("key login: a key the device does not know is BROKER_SSH_AUTH, and the error carries no key material", async () => {
  const kit = kitFor(ed25519Device, { ssh_private_key: STRANGER.private });
  try {
    const error = await kit.broker.capabilities.ssh.exec("fw", "show version").then(() => assert.fail("logged in with a stranger's key"), (e: unknown) => e);
    assert.equal((error as { code?: string }).code, "BROKER_SSH_AUTH");
    const visible = JSON.stringify({ message: (error as Error).message, details: (error as { details?: unknown }).details, cause: (error as Error).cause }) + kit.logger.text();
    for (const line of bodyLines(STRANGER.private)) assert.ok(!visible.includes(line), `key material leaked: ${line}`);
    assert.equal(kit.broker.stats().capabilities.ssh.errors, 1);
  } finally {
    await kit.close();
  }
});

test("key login: an encrypted key is unlocked with ssh_passphrase; a wrong or missing passphrase (or a non-key) is BROKER_SSH_AUTH without leaking it", async () => {
  const unlocked = kitFor(encryptedKeyDevice, { ssh_private_key: ENCRYPTED.private, ssh_passphrase: PASSPHRASE });
  const wrong = kitFor(encryptedKeyDevice, { ssh_private_key: ENCRYPTED.private, ssh_passphrase: "not-the-phrase" });
  const missing = kitFor(encryptedKeyDevice, { ssh_private_key: ENCRYPTED.private });
  const notAKey = kitFor(encryptedKeyDevice, { ssh_private_key: "paste-the-key-here" });
  const loginsBefore = encryptedKeyDevice.logins;
  try {
    assert.match(ENCRYPTED.private, /BEGIN OPENSSH PRIVATE KEY/);
    assert.equal((await unlocked.broker.capabilities.ssh.exec("fw", "show version")).code, 0);
    assert.equal(encryptedKeyDevice.logins, loginsBefore + 1);
    for (const kit of [wrong, missing, notAKey]) {
      const error = await kit.broker.capabilities.ssh.exec("fw", "show version").then(() => assert.fail("an unusable key logged in"), (e: unknown) => e);
      assert.equal((error as { code?: string }).code, "BROKER_SSH_AUTH", String(error));
      assert.match((error as Error).message, /ssh_private_key cannot be used/);
      const visible = JSON.stringify({ message: (error as Error).message, details: (error as { details?: unknown }).details }) + kit.logger.text();
      assert.ok(!visible.includes("not-the-phrase") && !visible.includes(PASSPHRASE) && !visible.includes("paste-the-key-here"));
      for (const line of bodyLines(ENCRYPTED.private)) assert.ok(!visible.includes(line), `key material leaked: ${line}`);
    }
  } finally {
    await Promise.all([unlocked.close(), wrong.close(), missing.close(), notAKey.close()]);
  }
});
