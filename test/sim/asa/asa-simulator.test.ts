import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ssh2, { type ClientChannel } from "ssh2";
import { startAsaSimulator, type AsaSimulator } from "./asa-simulator.ts";

// What the simulator sends on the wire, seen by a bare ssh2 client: the things a CLI driver must cope with.
let asa: AsaSimulator;
before(async () => {
  asa = await startAsaSimulator({
    username: "admin", password: "pw", enablePassword: "en", hostname: "asa",
    outputs: { "show version": Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n") }, pagerLines: 10,
  });
});
after(() => asa.close());

async function shell(): Promise<{ channel: ClientChannel; close(): void; waitFor(pattern: RegExp): Promise<string> }> {
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.on("ready", resolve).on("error", reject).connect({ host: "127.0.0.1", port: asa.port, username: "admin", password: "pw" });
  });
  const channel = await new Promise<ClientChannel>((resolve, reject) => client.shell((error, ch) => (error ? reject(error) : resolve(ch))));
  let seen = "";
  let waiter: (() => void) | undefined;
  channel.on("data", (data: Buffer) => {
    seen += data.toString();
    waiter?.();
  });
  return {
    channel,
    close: () => client.end(),
    waitFor: (pattern) => new Promise<string>((resolve) => {
      const check = () => {
        if (pattern.test(seen)) {
          waiter = undefined;
          resolve(seen);
        }
      };
      waiter = check;
      check();
    }),
  };
}

test("raw session: prompt, echo with CRLF, pager marker, enable exchange, invalid input", async () => {
  const session = await shell();
  try {
    await session.waitFor(/asa> $/);
    session.channel.write("show version\n");
    const paged = await session.waitFor(/<--- More --->$/);
    assert.match(paged, /asa> show version\r\nline 0\r\n/);
    session.channel.write(" ");
    session.channel.write(" ");
    session.channel.write(" ");
    await session.waitFor(/line 29\r\nasa> $/);
    session.channel.write("enable\n");
    await session.waitFor(/Password: $/);
    session.channel.write("en\n");
    // The password is not echoed: only the line break comes back before the privileged prompt.
    assert.match(await session.waitFor(/asa# $/), /Password: \r\nasa# $/);
    session.channel.write("show bogus\n");
    const invalid = await session.waitFor(/marker\.\r\nasa# $/);
    assert.match(invalid, /\r\n {9}\^\r\nERROR: % Invalid input detected at '\^' marker\.\r\n/);
  } finally {
    session.close();
  }
});
