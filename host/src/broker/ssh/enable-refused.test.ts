import assert from "node:assert/strict";
import { after, test } from "node:test";
import type { ServerChannel } from "ssh2";
import { testBroker } from "../core/testing.ts";
import { onLines, startTestSshServer, type TestSshServer } from "./testing-ssh-server.ts";

// Devices differ in how they refuse an enable password: the ASA simulator asks again (and the
// broker's refusal is tested with it); some devices say "Access denied" and hang up at once.
const PASSWORD = "login-pw-31";
const ENABLE = "enable-pw-31";
const servers: TestSshServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

/** `dev>`; `enable` asks a password; the right one gives `dev#`, a wrong one ends the session. */
function hangsUpOnWrongEnable(channel: ServerChannel): void {
  channel.on("error", () => undefined);
  let prompt = "dev>";
  let askingPassword = false;
  channel.write(prompt);
  onLines(channel, (input) => {
    if (askingPassword) {
      askingPassword = false;
      if (input !== ENABLE) {
        channel.write("\r\n% Access denied\r\n");
        channel.close();
        return false;
      }
      prompt = "dev#";
      channel.write(`\r\n${prompt}`);
    } else if (input === "enable") {
      askingPassword = true;
      channel.write("enable\r\nPassword: ");
    } else if (input !== "") {
      channel.write(`${input}\r\nok\r\n${prompt}`);
    }
    return true;
  });
}

async function shellWith(enablePassword: string) {
  const server = await startTestSshServer({ username: "admin", password: PASSWORD, onShell: hangsUpOnWrongEnable });
  servers.push(server);
  const kit = testBroker({
    targets: [{ id: "dev", name: "device", host: "127.0.0.1", port: server.port }],
    config: { username: "admin" }, secrets: { password: PASSWORD, enable_password: enablePassword },
    limits: { timeoutMs: 3000, maxResponseBytes: 64 * 1024, callsPerOperation: 5 },
  });
  try {
    return await kit.broker.capabilities.ssh.shell("dev", ["show version"], { enable: { secret: "enable_password" } })
      .then((outputs) => ({ outputs, error: undefined }), (error: unknown) => ({ outputs: undefined, error }));
  } finally {
    await kit.close();
  }
}

test("an enable password the device answers by hanging up is BROKER_SSH_AUTH, not a dropped session", async () => {
  const { error } = await shellWith("wrong-enable");
  assert.equal((error as { code?: string })?.code, "BROKER_SSH_AUTH", String(error));
  assert.match((error as Error).message, /enable password/);
  assert.doesNotMatch((error as Error).message, /wrong-enable/);
});

test("the right enable password on the same device reaches privileged mode", async () => {
  const { outputs, error } = await shellWith(ENABLE);
  assert.equal(error, undefined);
  assert.deepEqual(outputs, ["ok"]);
});
