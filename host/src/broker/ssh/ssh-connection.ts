import { createHash } from "node:crypto";
// ssh2 is CommonJS: Node exposes its classes on the default export only.
import ssh2, { type Client } from "ssh2";
import { hostError } from "../../errors.ts";
import type { PinnedAddress } from "../core/address-book.ts";
import type { SshSettings } from "./ssh-settings.ts";

/** Opens an authenticated SSH connection to the pinned address, mapping failures to broker codes. */
export function openSshConnection(settings: SshSettings, pinned: PinnedAddress, timeoutMs: number): Promise<Client> {
  return new Promise<Client>((resolve, reject) => {
    const client = new ssh2.Client();
    let hostKeyRejected = false;
    client.on("ready", () => {
      // Interactive CLI exchanges are small writes waiting on small answers (a command, a pager's
      // space): without TCP_NODELAY each can sit out Nagle's delay against the peer's delayed ACK.
      client.setNoDelay(true);
      resolve(client);
    });
    client.on("error", (error) => {
      client.end();
      reject(hostKeyRejected
        ? hostError("BROKER_SSH_ERROR", "the device's SSH host key does not match the pinned ssh_host_key_sha256")
        : mapSshError(error));
    });
    // Some devices offer only keyboard-interactive; answer its prompts with the password.
    client.on("keyboard-interactive", (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => settings.password ?? "")));
    try {
      client.connect({
        host: pinned.address,
        port: settings.port,
        username: settings.username,
        ...(settings.password !== undefined ? { password: settings.password, tryKeyboard: true } : {}),
        ...(settings.privateKey !== undefined ? { privateKey: settings.privateKey } : {}),
        ...(settings.passphrase !== undefined ? { passphrase: settings.passphrase } : {}),
        readyTimeout: timeoutMs,
        ...(settings.hostKeySha256 !== undefined ? {
          hostVerifier: (key: Buffer) => {
            const fingerprint = createHash("sha256").update(key).digest("base64").replace(/=+$/, "");
            hostKeyRejected = fingerprint !== settings.hostKeySha256;
            return !hostKeyRejected;
          },
        } : {}),
      });
    } catch (error) {
      // ssh2 parses the private key synchronously, before any socket exists: a wrong or
      // missing ssh_passphrase, or a key it cannot read, lands here.
      reject(mapKeyError(error));
    }
  });
}

/** A configured private key ssh2 cannot use: a credentials problem, reported without the key. */
function mapKeyError(error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  if (/privateKey/.test(message)) {
    return hostError("BROKER_SSH_AUTH", `the configured ssh_private_key cannot be used (wrong or missing ssh_passphrase, or not a PEM/OpenSSH private key): ${message.replace(/^Cannot parse privateKey: /, "")}`);
  }
  return mapSshError(error);
}

const UNREACHABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ECONNRESET"]);

export function mapSshError(error: unknown) {
  const { level, code, message } = error as { level?: string; code?: string; message?: string };
  if (level === "client-authentication") return hostError("BROKER_SSH_AUTH", "the device refused the SSH credentials");
  if (level === "client-timeout" || code === "ETIMEDOUT") return hostError("BROKER_SSH_TIMEOUT", "the SSH login did not complete in time");
  if (code && UNREACHABLE.has(code)) return hostError("BROKER_UNREACHABLE", `the device's SSH port cannot be reached (${code})`);
  return hostError("BROKER_SSH_ERROR", `SSH failed: ${message ?? String(error)}`);
}
