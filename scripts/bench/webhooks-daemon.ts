// Bench support (webhooks, traps, prtg): the real daemon on loopback over a temp data dir, with the
// built-in addons built and signed into a temp dir by scripts/build/addons.ts, and an admin token.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DaemonConfig } from "../../host/src/config/schema.ts";
import { startDaemon, type Daemon } from "../../host/src/daemon.ts";
import { apiClient, type ApiCall } from "../../test/support/api-client.ts";
import { buildAddons, CORE_KEY_NAME } from "../build/addons.ts";

export interface BenchDaemon {
  daemon: Daemon;
  url: string;
  api: ApiCall;
  close(): Promise<void>;
}

/**
 * The daemon as `opsconductor start` runs it, but for the open-alert limit: a bench run opens
 * hundreds of thousands of alerts on one instance, past the default 100,000 (after which new
 * problems would be stored as notices, a path the figures are not about).
 */
export async function startBenchDaemon(only: string[]): Promise<BenchDaemon> {
  const root = mkdtempSync(join(tmpdir(), "oc-bench-"));
  const builtins = { dir: join(root, "addons"), publicKeyFile: join(root, "keys", `${CORE_KEY_NAME}.pub`) };
  const built = await buildAddons({ outDir: builtins.dir, keyDir: join(root, "keys"), log: () => {}, only });
  if (built.failed.length) throw new Error(`built-ins did not build: ${JSON.stringify(built.failed)}`);
  const config: DaemonConfig = { port: 0, host: "127.0.0.1", dataDir: join(root, "data"), trapPort: 0, dev: false, openAlertLimit: 10_000_000 };
  const daemon = await startDaemon(config, { log: () => {}, uiDir: null, builtinAddons: builtins });
  const admin = await daemon.api.services.users.create({ username: "admin", password: "correct horse battery", role: "admin" });
  const token = daemon.api.services.tokens.create(admin.id, "bench").token;
  return {
    daemon,
    url: daemon.url,
    api: apiClient(daemon.url, token),
    async close() {
      await daemon.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The path of a Debian command, installing its package with apt-get first when it is missing (said on stdout). */
export function ensureDebianCommand(command: string, pkg: string, section: string): string | null {
  const found = [`/usr/bin/${command}`, `/usr/sbin/${command}`].find((path) => existsSync(path));
  if (found) return found;
  console.log(`${section.padEnd(10)} ${command} is missing: running apt-get install -y ${pkg}`);
  try {
    execFileSync("apt-get", ["install", "-y", "--no-install-recommends", pkg], {
      stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, timeout: 300_000,
    });
  } catch (error) {
    console.log(`${section.padEnd(10)} apt-get install ${pkg} failed: ${(error as Error).message.split("\n")[0]}`);
  }
  const installed = [`/usr/bin/${command}`, `/usr/sbin/${command}`].find((path) => existsSync(path)) ?? null;
  if (installed) console.log(`${section.padEnd(10)} installed ${pkg} with apt-get (${installed})`);
  return installed;
}

/** A free loopback port (TCP or UDP). */
export async function freePort(kind: "tcp" | "udp"): Promise<number> {
  if (kind === "tcp") {
    const { createServer } = await import("node:net");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }
  const { createSocket } = await import("node:dgram");
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
