// Test support for the SSH broker's tests: a scriptable ssh2 server on 127.0.0.1
// that accepts exactly one kind of login (a public key, or a password) and lets each
// test decide what an exec or a shell request does, including never answering.
import type { AddressInfo } from "node:net";
import ssh2, { type AuthenticationType, type Connection, type ParsedKey, type ServerChannel } from "ssh2";

export interface TestSshServerOptions {
  username: string;
  /** Accept only `publickey` logins with this key (OpenSSH `ssh-ed25519 AAAA...` or any format ssh2 parses). */
  publicKey?: string | Buffer;
  /** Accept only `password` logins with this password. */
  password?: string;
  /** What an accepted exec request does; default: accept the channel and never answer. */
  onExec?: (command: string, channel: ServerChannel) => void;
  /** What an accepted shell does; default: accept the channel and never answer. */
  onShell?: (channel: ServerChannel) => void;
  /** Leave pty, shell and exec requests unanswered (a device that opens the session, then hangs). */
  ignoreRequests?: boolean;
}

export interface TestSshServer {
  port: number;
  /** Every authentication attempt: its method, and for public keys whether a signature came with it. */
  authAttempts: { method: string; username: string; signed?: boolean }[];
  logins: number;
  /** Client connections that ended (the broker hung up, or the socket closed). */
  closedConnections: number;
  /** Resolves when `closedConnections` reaches `count`. */
  waitForClosedConnections(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

let hostKey: string | undefined;

/**
 * An ed25519 key pair (OpenSSH format) that ssh2 reads back: about 1 in 230 of those its
 * generateKeyPairSync makes, its own parser rejects as "Malformed OpenSSH private key" (13 of
 * 3,000), which failed every test of a file that drew one as its server's host key.
 */
export function readableEd25519KeyPair(encryption?: { passphrase: string; cipher: string; rounds: number }): { private: string; public: string } {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync("ed25519", encryption ?? {});
    if (!(ssh2.utils.parseKey(pair.private, encryption?.passphrase) instanceof Error)) return pair;
  }
}

export async function startTestSshServer(options: TestSshServerOptions): Promise<TestSshServer> {
  hostKey ??= readableEd25519KeyPair().private;
  const allowedKey = options.publicKey === undefined ? undefined : parsedOrThrow(options.publicKey);
  const waiters: (() => void)[] = [];
  const clients = new Set<Connection>();
  const server: TestSshServer = {
    port: 0, authAttempts: [], logins: 0, closedConnections: 0,
    waitForClosedConnections: (count, timeoutMs = 2000) => new Promise<void>((resolve, reject) => {
      if (server.closedConnections >= count) return resolve();
      const timer = setTimeout(() => reject(new Error(`only ${server.closedConnections} of ${count} connections closed within ${timeoutMs} ms`)), timeoutMs);
      waiters.push(() => {
        if (server.closedConnections < count) return;
        clearTimeout(timer);
        resolve();
      });
    }),
    close: async () => undefined,
  };
  const sshServer = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    clients.add(client);
    // Like OpenSSH's sshd for interactive sessions (ssh2 has the method; its typings miss it on Connection).
    (client as Connection & { setNoDelay(noDelay: boolean): void }).setNoDelay(true);
    client.on("close", () => {
      clients.delete(client);
      server.closedConnections += 1;
      for (const waiter of [...waiters]) waiter();
    });
    client.on("error", () => undefined);
    client.on("authentication", (ctx) => {
      server.authAttempts.push({ method: ctx.method, username: ctx.username, ...(ctx.method === "publickey" ? { signed: ctx.signature !== undefined } : {}) });
      if (ctx.username === options.username && ctx.method === "publickey" && allowedKey !== undefined
        && ctx.key.data.equals(allowedKey.getPublicSSH())) {
        // Without a signature the client only asks whether this key would do.
        if (ctx.signature === undefined) return ctx.accept();
        if (allowedKey.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
        return ctx.reject();
      }
      if (ctx.username === options.username && ctx.method === "password" && options.password !== undefined && ctx.password === options.password) {
        return ctx.accept();
      }
      const methods: AuthenticationType[] = [];
      if (allowedKey !== undefined) methods.push("publickey");
      if (options.password !== undefined) methods.push("password");
      ctx.reject(methods);
    });
    client.on("ready", () => {
      server.logins += 1;
      client.on("session", (accept) => {
        const session = accept();
        session.on("pty", (acceptPty) => {
          if (!options.ignoreRequests) acceptPty?.();
        });
        session.on("shell", (acceptShell) => {
          if (options.ignoreRequests) return;
          const channel = acceptShell();
          options.onShell?.(channel);
        });
        session.on("exec", (acceptExec, _reject, info) => {
          if (options.ignoreRequests) return;
          const channel = acceptExec();
          options.onExec?.(info.command, channel);
        });
      });
    });
  });
  await new Promise<void>((resolve) => sshServer.listen(0, "127.0.0.1", resolve));
  server.port = (sshServer.address() as AddressInfo).port;
  server.close = () => new Promise<void>((resolve) => {
    for (const client of clients) client.end();
    sshServer.close(() => resolve());
  });
  return server;
}

function parsedOrThrow(key: string | Buffer): ParsedKey {
  const parsed = ssh2.utils.parseKey(key);
  if (parsed instanceof Error) throw parsed;
  return Array.isArray(parsed) ? parsed[0]! : parsed;
}

/** Writes about `total` bytes of 80-column lines to the channel, 8 KiB a write, as fast as the channel takes them. */
export function streamFiller(channel: ServerChannel, total: number): void {
  const chunk = `${"x".repeat(78)}\r\n`.repeat(100);
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      sent += chunk.length;
      if (!channel.write(chunk)) return void channel.once("drain", pump);
    }
  };
  channel.on("error", () => undefined);
  pump();
}

/**
 * A minimal line-based CLI on a shell channel: writes `prompt`, echoes each line, and
 * answers it with `answer(line)`'s text followed by the prompt; `answer` returning
 * undefined means it took the channel over (nothing more is written for that line).
 */
export function promptingShell(channel: ServerChannel, prompt: string, answer: (line: string) => string | undefined): void {
  channel.on("error", () => undefined);
  channel.write(prompt);
  onLines(channel, (input) => {
    if (input === "") return true;
    if (input === "exit") {
      channel.end();
      return false;
    }
    channel.write(`${input}\r\n`);
    const output = answer(input);
    if (output !== undefined) channel.write(`${output}${prompt}`);
    return true;
  });
}

/**
 * Calls `onLine` with each line the client sends on a shell channel (CR or LF ends one; empty
 * lines too); `onLine` returning false drops the rest of what arrived with that line (the
 * channel was closed).
 */
export function onLines(channel: ServerChannel, onLine: (line: string) => boolean): void {
  let line = "";
  channel.on("data", (data: Buffer) => {
    for (const ch of data.toString("utf8")) {
      if (ch !== "\n" && ch !== "\r") {
        line += ch;
        continue;
      }
      const input = line;
      line = "";
      if (!onLine(input)) return;
    }
  });
}
