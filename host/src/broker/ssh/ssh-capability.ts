import type { Ctx, SecretRef, Target } from "@opsconductor/sdk";
import type { Client, ClientChannel } from "ssh2";
import { hostError } from "../../errors.ts";
import type { AddressBook } from "../core/address-book.ts";
import type { CallGate } from "../core/call-gate.ts";
import type { FieldResolver } from "../core/field-refs.ts";
import { checkEncodedSize } from "../core/json-size.ts";
import type { Redactor } from "../core/redactor.ts";
import type { StatsRecorder } from "../core/stats.ts";
import { TargetTurns } from "../core/target-turns.ts";
import type { TargetRegistry } from "../core/targets.ts";
import { CliSession } from "./cli-session.ts";
import { openSshConnection } from "./ssh-connection.ts";
import { sshSettingsOf } from "./ssh-settings.ts";

const MAX_COMMANDS = 50;
/**
 * Logins to one target at once; the other calls wait their turn. Devices allow a few vty
 * sessions (often 5, Cisco IOS's default line vty 0 4): 150 concurrent ctx.ssh.exec opened 150
 * logins to one device, locking its operators out. Two leave them room.
 */
const SESSIONS_PER_TARGET = 2;
const ERROR_LINE = /^(?:.*% Invalid input|ERROR:|% ?(?:Incomplete|Ambiguous|Unknown) command)/m;

export interface SshCapabilityDeps {
  targets: TargetRegistry;
  fields: FieldResolver;
  addresses: AddressBook;
  gate: CallGate;
  stats: StatsRecorder;
  redactor: Redactor;
  limits: { timeoutMs: number; maxResponseBytes: number };
  log: { debug(message: string, fields?: Record<string, unknown>): void };
}

type ShellOptions = { enable?: SecretRef; disablePager?: string };

export interface SshCapability extends Pick<Ctx, "ssh"> {
  close(): void;
}

/** ctx.ssh: one connection per call (exec, or one interactive shell for several commands), closed after it. */
export function createSshCapability(deps: SshCapabilityDeps): SshCapability {
  const open = new Set<Client>();
  const turns = new TargetTurns(SESSIONS_PER_TARGET, deps.limits.timeoutMs, (targetId) => hostError("BROKER_SSH_TIMEOUT",
    `no turn within ${deps.limits.timeoutMs} ms: ${SESSIONS_PER_TARGET} other SSH sessions to target '${targetId}' were open`));

  async function connect(target: Target): Promise<Client> {
    const settings = sshSettingsOf(target, deps.fields);
    const client = await openSshConnection(settings, await deps.addresses.resolve(target), deps.limits.timeoutMs);
    open.add(client);
    client.on("close", () => open.delete(client));
    return client;
  }

  async function exec(targetId: string, command: string): Promise<{ code: number; stdout: string }> {
    const target = deps.targets.get(targetId);
    checkCommand(command);
    return turns.run(target.id, () => loginAndExec(target, command));
  }

  async function loginAndExec(target: Target, command: string): Promise<{ code: number; stdout: string }> {
    const client = await connect(target);
    try {
      deps.stats.bytesOut("ssh", command.length);
      const result = await runExec(client, command, deps.limits);
      deps.stats.bytesIn("ssh", result.stdout.length);
      const stdout = deps.redactor.text(result.stdout);
      checkEncodedSize(stdout, `the output of '${command}'`, result.bytes, deps.limits.maxResponseBytes);
      return { code: result.code, stdout };
    } finally {
      client.end();
    }
  }

  async function shell(targetId: string, commands: string[], opts: ShellOptions = {}): Promise<string[]> {
    const target = deps.targets.get(targetId);
    if (!Array.isArray(commands) || commands.length === 0 || commands.length > MAX_COMMANDS) {
      throw hostError("BROKER_REQUEST_INVALID", `ctx.ssh.shell takes 1 to ${MAX_COMMANDS} commands`);
    }
    commands.forEach(checkCommand);
    if (opts.disablePager !== undefined) checkCommand(opts.disablePager);
    const enablePassword = opts.enable === undefined ? undefined : deps.fields.resolve(opts.enable, "enable").value;
    return turns.run(target.id, () => loginAndRunShell(target, commands, opts, enablePassword));
  }

  async function loginAndRunShell(target: Target, commands: string[], opts: ShellOptions, enablePassword: string | undefined): Promise<string[]> {
    const client = await connect(target);
    try {
      const stream = await new Promise<ClientChannel>((resolve, reject) => {
        // A device may open the session and then never answer the pty/shell request.
        const timer = setTimeout(() => {
          client.end();
          reject(hostError("BROKER_SSH_TIMEOUT", `the device did not open a shell within ${deps.limits.timeoutMs} ms`));
        }, deps.limits.timeoutMs);
        // A wide terminal, so that devices do not wrap long lines (or the echoed command).
        client.shell({ term: "vt100", cols: 511, rows: 24 }, (error, channel) => {
          clearTimeout(timer);
          if (error) reject(hostError("BROKER_SSH_ERROR", `the device refused a shell session: ${error.message}`));
          else resolve(channel);
        });
      });
      const session = new CliSession(stream, { timeoutMs: deps.limits.timeoutMs, maxBytes: deps.limits.maxResponseBytes });
      await session.start();
      if (opts.enable !== undefined) await session.enable(enablePassword);
      if (opts.disablePager !== undefined) await session.run(opts.disablePager);
      const outputs: string[] = [];
      for (const command of commands) {
        deps.stats.bytesOut("ssh", command.length);
        const output = deps.redactor.text(await session.run(command));
        deps.stats.bytesIn("ssh", output.length);
        if (ERROR_LINE.test(output)) deps.log.debug("ssh command answered with an error line", { target: target.id, command });
        outputs.push(output);
      }
      stream.end("exit\n");
      return outputs;
    } finally {
      client.end();
    }
  }

  return {
    ssh: {
      exec: (target, command) => deps.gate.run("ssh", () => exec(target, command)),
      shell: (target, commands, opts) => deps.gate.run("ssh", () => shell(target, commands, opts)),
    },
    close() {
      turns.close();
      for (const client of open) client.end();
      open.clear();
    },
  };
}

function checkCommand(command: unknown): void {
  if (typeof command !== "string" || command.length === 0 || command.length > 1024 || /[\u0000-\u001f\u007f]/.test(command)) {
    throw hostError("BROKER_REQUEST_INVALID", "an SSH command must be one line of 1 to 1024 printable characters");
  }
}

function runExec(client: Client, command: string, limits: { timeoutMs: number; maxResponseBytes: number }): Promise<{ code: number; stdout: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.end();
      reject(hostError("BROKER_SSH_TIMEOUT", `'${command}' did not finish within ${limits.timeoutMs} ms`));
    }, limits.timeoutMs);
    client.exec(command, (error, stream) => {
      if (error) {
        clearTimeout(timer);
        return reject(hostError("BROKER_SSH_ERROR", `the device refused to run a command: ${error.message}`));
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      let code = -1;
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limits.maxResponseBytes) {
          clearTimeout(timer);
          stream.close();
          return reject(hostError("BROKER_RESPONSE_TOO_LARGE", `the output of '${command}' passed the ${limits.maxResponseBytes}-byte cap`));
        }
        chunks.push(chunk);
      });
      stream.stderr.on("data", () => undefined);
      stream.on("exit", (exitCode: number | null) => {
        code = exitCode ?? -1;
      });
      stream.on("close", () => {
        clearTimeout(timer);
        resolve({ code, stdout: Buffer.concat(chunks).toString("utf8"), bytes });
      });
    });
  });
}
