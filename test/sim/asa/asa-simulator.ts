import { generateKeyPairSync } from "node:crypto";
import type { AddressInfo } from "node:net";
import ssh2, { type ServerChannel } from "ssh2";

/**
 * A Cisco ASA-like SSH server for tests (reference/protocols.md §8): password
 * login, `hostname>` prompt, `enable` → `Password:` → `hostname#` (3 tries, then
 * `Access denied.`), `terminal pager 0` (privileged only), `<--- More --->` every
 * page while the pager is on, echo, CRLF line endings, and the caret +
 * `ERROR: % Invalid input detected at '^' marker.` answer to unknown commands.
 * Exec requests run one command non-interactively.
 */
export interface AsaSimulatorOptions {
  username: string;
  password: string;
  enablePassword: string;
  hostname: string;
  /** Command → output (LF or CRLF); sent with CRLF. */
  outputs: Record<string, string>;
  /** Lines per page while the pager is on (ASA default 24). */
  pagerLines?: number;
  /** Printed before the first prompt. */
  banner?: string;
}

export interface AsaSimulator {
  port: number;
  /** Every CLI command line received (passwords excluded), across sessions. */
  received: string[];
  /** Successful logins so far. */
  logins: number;
  /** `<--- More --->` prompts shown so far. */
  pagerPrompts: number;
  close(): Promise<void>;
}

let hostKey: string | undefined;

export async function startAsaSimulator(options: AsaSimulatorOptions): Promise<AsaSimulator> {
  hostKey ??= generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  const simulator: AsaSimulator = { port: 0, received: [], logins: 0, pagerPrompts: 0, close: async () => undefined };
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    client.on("authentication", (ctx) => {
      if (ctx.method === "password" && ctx.username === options.username && ctx.password === options.password) return ctx.accept();
      ctx.reject(["password"]);
    });
    client.on("ready", () => {
      simulator.logins += 1;
      client.on("session", (accept) => {
        const session = accept();
        session.on("pty", (acceptPty) => acceptPty?.());
        session.on("shell", (acceptShell) => runCli(acceptShell(), options, simulator));
        session.on("exec", (acceptExec, _reject, info) => {
          const channel = acceptExec();
          simulator.received.push(info.command);
          const output = options.outputs[info.command];
          channel.write(output === undefined ? invalidInput() : crlf(output.replace(/\r?\n?$/, "\n")));
          channel.exit(output === undefined ? 1 : 0);
          channel.end();
        });
      });
    });
    client.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  simulator.port = (server.address() as AddressInfo).port;
  simulator.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return simulator;
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

function invalidInput(): string {
  return "         ^\r\nERROR: % Invalid input detected at '^' marker.\r\n";
}

/** The interactive CLI of one shell session. */
function runCli(channel: ServerChannel, options: AsaSimulatorOptions, simulator: AsaSimulator): void {
  let mode: ">" | "#" = ">";
  let pagerLines = options.pagerLines ?? 24;
  let line = "";
  let lastWasCr = false;
  let enableTries = -1; // >= 0 while the enable password is being asked
  let paging: { lines: string[]; next: number } | undefined;

  const prompt = () => channel.write(`${options.hostname}${mode} `);
  const ERASE_MORE = `\r${" ".repeat(14)}\r`;

  const printPage = (count: number) => {
    const state = paging!;
    const end = Math.min(state.lines.length, state.next + count);
    for (; state.next < end; state.next++) channel.write(`${state.lines[state.next]}\r\n`);
    if (state.next < state.lines.length) {
      simulator.pagerPrompts += 1;
      channel.write("<--- More --->");
      return;
    }
    paging = undefined;
    prompt();
  };

  const printOutput = (text: string) => {
    const lines = text.replace(/\r?\n$/, "").split(/\r?\n/);
    paging = { lines, next: 0 };
    printPage(pagerLines > 0 ? pagerLines - 1 : lines.length);
  };

  const onLine = (input: string) => {
    if (enableTries >= 0) {
      if (input === options.enablePassword) {
        enableTries = -1;
        mode = "#";
        return prompt();
      }
      enableTries += 1;
      if (enableTries < 3) return channel.write("Invalid password\r\nPassword: ");
      enableTries = -1;
      channel.write("Access denied.\r\n");
      return prompt();
    }
    const command = input.trim();
    if (command !== "") simulator.received.push(command);
    if (command === "") return prompt();
    if (command === "enable") {
      if (mode === "#") return prompt();
      enableTries = 0;
      return channel.write("Password: ");
    }
    if (command === "exit" || command === "logout" || command === "quit") {
      channel.write("\r\nLogoff\r\n\r\n");
      channel.exit(0);
      return channel.end();
    }
    const pager = /^terminal pager (?:lines )?(\d+)$/.exec(command);
    if (pager && mode === "#") {
      pagerLines = Number(pager[1]);
      return prompt();
    }
    const output = options.outputs[command];
    if (output === undefined || pager) {
      channel.write(invalidInput());
      return prompt();
    }
    printOutput(output);
  };

  channel.on("data", (data: Buffer) => {
    for (const ch of data.toString("utf8")) {
      if (paging) {
        channel.write(ERASE_MORE);
        if (ch === "q") {
          paging = undefined;
          prompt();
        } else printPage(ch === " " ? Math.max(1, pagerLines - 1) : 1);
        continue;
      }
      if (ch === "\r" || ch === "\n") {
        if (ch === "\n" && lastWasCr) {
          lastWasCr = false;
          continue;
        }
        lastWasCr = ch === "\r";
        channel.write("\r\n");
        const input = line;
        line = "";
        onLine(input);
        continue;
      }
      lastWasCr = false;
      line += ch;
      if (enableTries < 0) channel.write(ch); // passwords are not echoed
    }
  });
  if (options.banner) channel.write(crlf(`${options.banner}\n`));
  prompt();
}
