import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import ssh2, { type Client, type ClientChannel } from "ssh2";
import { GARBAGE, startAsaSimulator, type AsaSimulator } from "./asa-simulator.ts";

// What the simulator sends on the wire, seen by a bare ssh2 client: the things a CLI driver must cope with.
let asa: AsaSimulator;
const ROWS = Array.from({ length: 8 }, (_, i) => `row ${i}`);
before(async () => {
  asa = await startAsaSimulator({
    username: "admin", password: "pw", enablePassword: "en", hostname: "asa",
    outputs: { "show version": Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n"), "show rows": ROWS.join("\n") }, pagerLines: 10,
  });
});
after(() => asa.close());
beforeEach(() => asa.setFault(null));

function connect(password = "pw"): Promise<Client> {
  const client = new ssh2.Client();
  return new Promise<Client>((resolve, reject) => {
    client.on("ready", () => resolve(client)).on("error", reject).connect({ host: "127.0.0.1", port: asa.port, username: "admin", password });
  });
}

interface Shell {
  channel: ClientChannel;
  close(): void;
  /** Resolves with everything seen once what came after `from` (default 0) matches. */
  waitFor(pattern: RegExp, from?: number): Promise<string>;
  /** Everything received so far. */
  seen(): string;
  /** Settles when the connection is gone: with the socket error that ended it, if any. */
  ended: Promise<string | undefined>;
}

async function shell(): Promise<Shell> {
  const client = await connect();
  let error: string | undefined;
  client.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  const ended = new Promise<string | undefined>((resolve) => client.on("close", () => resolve(error)));
  const channel = await new Promise<ClientChannel>((resolve, reject) => client.shell((error, ch) => (error ? reject(error) : resolve(ch))));
  let seen = "";
  let waiter: (() => void) | undefined;
  channel.on("data", (data: Buffer) => {
    seen += data.toString();
    waiter?.();
  });
  return {
    channel,
    ended,
    seen: () => seen,
    close: () => client.end(),
    waitFor: (pattern, from = 0) => new Promise<string>((resolve) => {
      const check = () => {
        if (pattern.test(seen.slice(from))) {
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

// A broken fault would leave these tests waiting for what never comes: they fail after 5 s instead.
const FAULT_TEST = { timeout: 5000 };

/** What a promise did within `ms`: its value, "failed", or "pending". */
function within<T>(promise: Promise<T>, ms: number): Promise<T | "failed" | "pending"> {
  return Promise.race([promise.catch(() => "failed" as const), new Promise<"pending">((resolve) => setTimeout(resolve, ms, "pending"))]);
}

/** A shell at the user-EXEC prompt. */
async function atPrompt(): Promise<Shell> {
  const session = await shell();
  await session.waitFor(/asa> $/);
  return session;
}

test("fault auth: every login is refused like a wrong password until lifted; times limits it", FAULT_TEST, async () => {
  const loginsBefore = asa.logins;
  asa.setFault({ kind: "auth" });
  for (let i = 0; i < 2; i++) await assert.rejects(connect(), { level: "client-authentication" });
  asa.setFault(null);
  (await connect()).end();
  asa.setFault({ kind: "auth", times: 1 });
  await assert.rejects(connect(), { level: "client-authentication" });
  (await connect()).end();
  assert.equal(asa.logins - loginsBefore, 2);
});

test("fault slow: the answer comes late, whole, and the prompt after it", FAULT_TEST, async () => {
  const session = await atPrompt();
  try {
    asa.setFault({ kind: "slow", ms: 250 });
    const started = Date.now();
    session.channel.write("show rows\n");
    assert.equal(await within(session.waitFor(/row 0/), 150), "pending", "nothing before the delay");
    assert.match(await session.waitFor(/row 7\r\nasa> $/), /show rows\r\nrow 0\r\n[\s\S]*row 7\r\nasa> $/);
    assert.ok(Date.now() - started >= 240);
  } finally {
    session.close();
  }
});

test("fault hang: the command is echoed, then nothing ever comes", FAULT_TEST, async () => {
  const session = await atPrompt();
  try {
    asa.setFault({ kind: "hang" });
    session.channel.write("show rows\n");
    await session.waitFor(/show rows\r\n$/);
    assert.equal(await within(session.waitFor(/row 0|asa> $/), 400), "pending");
    assert.equal(await within(session.ended, 0), "pending", "the connection stays open");
    assert.equal(asa.received.at(-1), "show rows");
  } finally {
    session.close();
  }
});

test("fault reset: half the output, then the TCP connection is reset", FAULT_TEST, async () => {
  const session = await atPrompt();
  session.channel.write("show rows\n");
  asa.setFault({ kind: "reset" });
  assert.equal(await session.ended, "ECONNRESET");
  assert.match(session.seen(), /row 3\r\n$/, "the first half arrived");
  assert.doesNotMatch(session.seen(), /row 4/);
});

test("fault truncated: half the output, then the channel closes without a prompt", FAULT_TEST, async () => {
  const session = await atPrompt();
  try {
    asa.setFault({ kind: "truncated" });
    const closed = new Promise<void>((resolve) => session.channel.on("close", resolve));
    session.channel.write("show rows\n");
    await closed;
    assert.match(session.seen(), /show rows\r\nrow 0\r\nrow 1\r\nrow 2\r\nrow 3\r\n$/);
  } finally {
    session.close();
  }
});

test("fault garbage: line noise instead of the output, then the prompt as usual", FAULT_TEST, async () => {
  const session = await atPrompt();
  try {
    asa.setFault({ kind: "garbage" });
    session.channel.write("show rows\n");
    const seen = await session.waitFor(/\r\nasa> $/);
    assert.ok(seen.includes("Fr33 m3m0ry == ???"));
    assert.ok(seen.includes("\u001b[?1h"));
    assert.ok(seen.includes("\uFFFD"), "bytes that are not UTF-8");
    assert.doesNotMatch(seen, /row 0/);
  } finally {
    session.close();
  }
});

test("a fault hits the named command only, after skip, for times; enable and the pager are never hit", FAULT_TEST, async () => {
  const session = await atPrompt();
  try {
    asa.setFault({ kind: "garbage", command: "show rows", skip: 1, times: 1 });
    session.channel.write("enable\n");
    await session.waitFor(/Password: $/);
    session.channel.write("en\n");
    session.channel.write("terminal pager 0\n");
    await session.waitFor(/pager 0\r\nasa# $/);
    const answers: string[] = [];
    for (const command of ["show version", "show rows", "show rows", "show rows"]) {
      const from = session.seen().length;
      session.channel.write(`${command}\n`);
      await session.waitFor(/asa# $/, from);
      answers.push(/row 0|line 0/.test(session.seen().slice(from)) ? "output" : "garbage");
    }
    assert.deepEqual(answers, ["output", "output", "garbage", "output"]);
  } finally {
    session.close();
  }
});

test("exec requests get the faults too: garbage, truncated output without an exit status", FAULT_TEST, async () => {
  const client = await connect();
  const exec = (command: string) => new Promise<{ stdout: Buffer; code: number | undefined }>((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      let code: number | undefined;
      channel.on("data", (chunk: Buffer) => chunks.push(chunk)).on("exit", (exit: number) => (code = exit));
      channel.on("close", () => resolve({ stdout: Buffer.concat(chunks), code }));
    });
  });
  try {
    asa.setFault({ kind: "garbage", times: 1 });
    assert.deepEqual(await exec("show rows"), { stdout: GARBAGE, code: 0 });
    asa.setFault({ kind: "truncated", times: 1 });
    assert.deepEqual(await exec("show rows"), { stdout: Buffer.from("row 0\r\nrow 1\r\nrow 2\r\nrow 3\r\n"), code: undefined });
    assert.equal((await exec("show rows")).code, 0, "times: 1");
  } finally {
    client.end();
  }
});
