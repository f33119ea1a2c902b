import { generateKeyPairSync } from "node:crypto";
import { createServer, type AddressInfo, type Socket } from "node:net";
import ssh2, { type ServerChannel } from "ssh2";
import { FaultScript, firstHalf, GARBAGE, type AsaFault, type AsaFaultRule } from "./asa-faults.ts";

export { GARBAGE, type AsaFault, type AsaFaultRule } from "./asa-faults.ts";

/**
 * A Cisco ASA-like SSH server for tests (reference/protocols.md §8): password
 * login, `hostname>` prompt, `enable` → `Password:` → `hostname#` (3 tries, then
 * `Access denied.`), `terminal pager 0` (privileged only), `<--- More --->` every
 * page while the pager is on, echo, CRLF line endings, and the caret +
 * `ERROR: % Invalid input detected at '^' marker.` answer to unknown commands.
 * Exec requests run one command non-interactively. Faults can be scripted (asa-faults.ts).
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
  /** Scripts a fault (null: none); it replaces the previous one. */
  setFault(fault: AsaFaultRule | null): void;
  close(): Promise<void>;
}

let hostKey: string | undefined;

export async function startAsaSimulator(options: AsaSimulatorOptions): Promise<AsaSimulator> {
  hostKey ??= generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  const faults = new FaultScript();
  const simulator: AsaSimulator = {
    port: 0, received: [], logins: 0, pagerPrompts: 0, setFault: (fault) => faults.set(fault), close: async () => undefined,
  };
  // The TCP sockets by client port: the `reset` fault needs the socket under an SSH connection.
  const sockets = new Map<number, Socket>();
  const ssh = new ssh2.Server({ hostKeys: [hostKey] }, (client, info) => {
    const reset = () => sockets.get(info.port)?.resetAndDestroy();
    client.on("authentication", (ctx) => {
      const valid = ctx.method === "password" && ctx.username === options.username && ctx.password === options.password;
      if (valid && !faults.takeLogin()) return ctx.accept();
      ctx.reject(["password"]);
    });
    client.on("ready", () => {
      simulator.logins += 1;
      client.on("session", (accept) => {
        const session = accept();
        session.on("pty", (acceptPty) => acceptPty?.());
        session.on("shell", (acceptShell) => runCli(acceptShell(), options, simulator, { faults, reset }));
        session.on("exec", (acceptExec, _reject, info) => {
          const channel = acceptExec();
          simulator.received.push(info.command);
          const output = options.outputs[info.command];
          const finish = (code: number) => {
            channel.exit(code);
            channel.end();
          };
          if (output === undefined) {
            channel.write(invalidInput());
            return finish(1);
          }
          answer(channel, linesOf(output), faults.takeCommand(info.command), reset, {
            normally: () => {
              channel.write(crlf(output.replace(/\r?\n?$/, "\n")));
              finish(0);
            },
            afterGarbage: () => finish(0),
          });
        });
      });
    });
    client.on("error", () => undefined);
  });
  const server = createServer((socket) => {
    const port = socket.remotePort!;
    sockets.set(port, socket);
    // No Nagle delay: what was written before a `reset` is on the wire when the RST goes.
    socket.setNoDelay(true);
    socket.on("close", () => sockets.delete(port));
    ssh.injectSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  simulator.port = (server.address() as AddressInfo).port;
  simulator.close = () => new Promise<void>((resolve) => {
    // Hung sessions never end by themselves.
    for (const socket of sockets.values()) socket.destroy();
    server.close(() => resolve());
  });
  return simulator;
}

/** How a command's answer goes out when it is not faulted, and what follows garbage. */
interface Answering {
  normally(): void;
  afterGarbage(): void;
}

/** Sends a command's answer, through the fault that hits it (if any). */
function answer(channel: ServerChannel, lines: string[], fault: AsaFault | null, reset: () => void, answering: Answering): void {
  switch (fault?.kind) {
    case "slow":
      setTimeout(() => {
        if (channel.writable) answering.normally();
      }, fault.ms);
      return;
    case "hang":
      return;
    case "reset":
      // Let the half reach the client before the RST.
      channel.write(firstHalf(lines), () => setTimeout(reset, 20));
      return;
    case "truncated":
      channel.write(firstHalf(lines));
      channel.close();
      return;
    case "garbage":
      channel.write(GARBAGE);
      answering.afterGarbage();
      return;
    default:
      answering.normally();
  }
}

function linesOf(output: string): string[] {
  return output.replace(/\r?\n$/, "").split(/\r?\n/);
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

function invalidInput(): string {
  return "         ^\r\nERROR: % Invalid input detected at '^' marker.\r\n";
}

/** The interactive CLI of one shell session. */
function runCli(channel: ServerChannel, options: AsaSimulatorOptions, simulator: AsaSimulator, connection: { faults: FaultScript; reset(): void }): void {
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

  const printOutput = (lines: string[]) => {
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
    const lines = linesOf(output);
    answer(channel, lines, connection.faults.takeCommand(command), connection.reset, { normally: () => printOutput(lines), afterGarbage: prompt });
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
