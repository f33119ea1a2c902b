import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { OcError } from "@opsconductor/sdk";
import { CLI_MAIN, runCliProcess } from "./cli/testing.ts";
import type { DaemonConfig } from "./config/schema.ts";
import { startDaemon, type Daemon } from "./daemon.ts";

const PASSWORD = "correct horse battery";

function config(overrides: Partial<DaemonConfig> = {}): DaemonConfig {
  return { port: 0, host: "127.0.0.1", dataDir: mkdtempSync(join(tmpdir(), "oc-daemon-")), trapPort: 0, dev: false, ...overrides };
}

async function withDaemon(cfg: DaemonConfig, uiDir: string | null, run: (daemon: Daemon, log: string[]) => Promise<void>): Promise<void> {
  const log: string[] = [];
  const daemon = await startDaemon(cfg, { log: (line) => log.push(line), uiDir });
  try {
    await run(daemon, log);
  } finally {
    await daemon.close();
  }
}

test("a first start logs its URL and how to create the admin; healthz answers over real HTTP", async () => {
  await withDaemon(config(), null, async (daemon, log) => {
    assert.match(daemon.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(daemon.port > 0);
    assert.match(log[0]!, new RegExp(`^opsconductor \\S+ listening on ${daemon.url} \\(data: `));
    // With the data directory in full: run from another directory, the command would make a store of its own.
    assert.ok(log.join("\n").includes(`./opsconductor user add admin --role admin --data ${resolve(daemon.config.dataDir)}`), log.join("\n"));
    const health = await fetch(`${daemon.url}/api/v1/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, "ok");
  });
});

test("a user added by the CLI while the daemon runs can log in over HTTP and use the session", async () => {
  const cfg = config();
  await withDaemon(cfg, null, async (daemon) => {
    const added = await runCliProcess(["user", "add", "admin", "--role", "admin", "--password-stdin", "--data", cfg.dataDir], { input: PASSWORD });
    assert.equal(added.code, 0, added.stderr);

    const login = await fetch(`${daemon.url}/api/v1/auth/login`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: PASSWORD }),
    });
    assert.equal(login.status, 200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;

    const jobs = await fetch(`${daemon.url}/api/v1/scheduler/jobs`, { headers: { cookie } });
    assert.equal(jobs.status, 200);
    const keys = ((await jobs.json()) as { items: { key: string }[] }).items.map((job) => job.key);
    assert.ok(keys.includes("alerts.evaluate"), `core jobs are installed: ${keys.join(", ")}`);

    const created = await fetch(`${daemon.url}/api/v1/mappings/category`, {
      method: "POST", headers: { cookie, "content-type": "application/json", "x-csrf-token": csrfToken },
      body: JSON.stringify({ connector_type: "axis", alert_type: "*", category: "video" }),
    });
    assert.equal(created.status, 201);
  });
  const again = await startDaemon(cfg, { log: () => {}, uiDir: null });
  await again.close();
});

test("--trust-proxy: a failed login is audited with the last X-Forwarded-For entry; without it, with the peer's address", async () => {
  for (const trustProxy of [true, false]) {
    const cfg = config({ trustProxy });
    await withDaemon(cfg, null, async (daemon) => {
      const login = await fetch(`${daemon.url}/api/v1/auth/login`, {
        method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.1, 203.0.113.7" },
        body: JSON.stringify({ username: "nobody", password: "wrong password" }),
      });
      assert.equal(login.status, 401);
    });
    const db = new Database(join(cfg.dataDir, "opsconductor.db"), { readonly: true });
    const ip = db.prepare("SELECT ip FROM audit_log WHERE action = 'auth.login.failed'").pluck().get();
    db.close();
    assert.equal(ip, trustProxy ? "203.0.113.7" : "127.0.0.1", `trustProxy ${trustProxy}`);
  }
});

test("close ends open SSE streams and stops serving; it is idempotent", async () => {
  const cfg = config();
  const daemon = await startDaemon(cfg, { log: () => {}, uiDir: null });
  await runCliProcess(["user", "add", "v", "--role", "viewer", "--password-stdin", "--data", cfg.dataDir], { input: PASSWORD });
  const login = await fetch(`${daemon.url}/api/v1/auth/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "v", password: PASSWORD }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
  const stream = await fetch(`${daemon.url}/api/v1/alerts/stream`, { headers: { cookie } });
  const reader = stream.body!.getReader();
  await reader.read();

  const started = Date.now();
  await Promise.all([daemon.close(), daemon.close()]);
  assert.ok(Date.now() - started < 5_000, "an open stream did not hold the shutdown");
  for (;;) if ((await reader.read()).done) break;
  await assert.rejects(fetch(`${daemon.url}/api/v1/healthz`));
});

test("a port already in use is DAEMON_LISTEN_FAILED", async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    await assert.rejects(startDaemon(config({ port }), { log: () => {}, uiDir: null }), (error: unknown) => {
      assert.ok(OcError.is(error, "DAEMON_LISTEN_FAILED"));
      assert.match(error.message, /EADDRINUSE/);
      return true;
    });
  } finally {
    blocker.close();
  }
});

test("the built UI is served at / with index.html for client routes", async () => {
  const ui = mkdtempSync(join(tmpdir(), "oc-ui-"));
  mkdirSync(join(ui, "assets"));
  writeFileSync(join(ui, "index.html"), "<!doctype html><title>OpsConductor</title>");
  await withDaemon(config(), ui, async (daemon) => {
    assert.match(await (await fetch(`${daemon.url}/`)).text(), /<title>OpsConductor/);
    assert.match(await (await fetch(`${daemon.url}/mappings/severity`)).text(), /<title>OpsConductor/);
    assert.equal((await fetch(`${daemon.url}/api/v1/nope`)).status, 404);
  });
});

/** `opsconductor start` in a child process, once it listens. */
async function childDaemon(dataDir: string) {
  const child = spawn(process.execPath, [CLI_MAIN, "start", "--port", "0", "--trap-port", "0", "--data", dataDir], {
    env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stderr.on("data", (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output.stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output.stdout);
      if (match) resolve(match[1]!);
    });
    child.on("exit", () => reject(new Error(`exited early: ${output.stdout}${output.stderr}`)));
  });
  return { child, url, output, exited };
}

test("`start` serves until SIGTERM, then shuts down and exits 0", async () => {
  const { child, url, output, exited } = await childDaemon(config().dataDir);
  assert.equal((await fetch(`${url}/api/v1/healthz`)).status, 200);
  child.kill("SIGTERM");
  assert.equal(await exited, 0, output.stderr);
  assert.match(output.stdout, /SIGTERM, shutting down/);
  assert.match(output.stdout, /stopped/);
});

test("a second daemon on a data dir a live daemon serves is refused with DAEMON_RUNNING; one left by a killed daemon is taken over", async () => {
  const cfg = config();
  const first = await childDaemon(cfg.dataDir);
  try {
    await assert.rejects(startDaemon(cfg, { log: () => {}, uiDir: null }), (error: unknown) => {
      assert.ok(OcError.is(error, "DAEMON_RUNNING"));
      assert.match(error.message, new RegExp(`pid ${first.child.pid}, ${first.url.replaceAll(".", "\\.")}\\) already serves`));
      return true;
    });
    assert.equal((await fetch(`${first.url}/api/v1/healthz`)).status, 200, "the first one serves on");
    assert.equal(JSON.parse(readFileSync(join(cfg.dataDir, "daemon.json"), "utf8")).pid, first.child.pid, "its claim untouched");
  } finally {
    first.child.kill("SIGKILL");
    await first.exited;
  }
  // Killed: its daemon.json stays, naming a pid that is gone.
  assert.equal(JSON.parse(readFileSync(join(cfg.dataDir, "daemon.json"), "utf8")).pid, first.child.pid);
  await withDaemon(cfg, null, async (daemon) => {
    assert.equal((await fetch(`${daemon.url}/api/v1/healthz`)).status, 200);
    const { pid, url } = JSON.parse(readFileSync(join(cfg.dataDir, "daemon.json"), "utf8"));
    assert.deepEqual([pid, url], [process.pid, daemon.url], "now this daemon's");
  });
  assert.equal(existsSync(join(cfg.dataDir, "daemon.json")), false, "released at shutdown");
});

test("a daemon.json whose pid now belongs to another process (after a reboot, or reused) is taken over; the same live process's is not", { skip: existsSync("/proc/self/stat") ? false : "no /proc here" }, async () => {
  const cfg = config();
  const other = spawn("sleep", ["30"], { stdio: "ignore" });
  try {
    const stat = readFileSync(`/proc/${other.pid}/stat`, "utf8");
    const processStart = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
    const bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const claim = (identity: object) => writeFileSync(join(cfg.dataDir, "daemon.json"),
      JSON.stringify({ pid: other.pid, url: "http://127.0.0.1:1", startedAt: "2026-01-01T00:00:00.000Z", ...identity }));
    claim({ bootId, processStart });
    await assert.rejects(startDaemon(cfg, { log: () => {}, uiDir: null }), (error: unknown) => OcError.is(error, "DAEMON_RUNNING"), "that very process: it holds the dir");
    for (const identity of [{ bootId: "00000000-0000-0000-0000-000000000000", processStart }, { bootId, processStart: processStart - 1 }]) {
      claim(identity);
      await withDaemon(cfg, null, async (daemon) => {
        assert.equal(JSON.parse(readFileSync(join(cfg.dataDir, "daemon.json"), "utf8")).pid, process.pid, JSON.stringify(identity));
        assert.equal((await fetch(`${daemon.url}/api/v1/healthz`)).status, 200);
      });
    }
  } finally {
    other.kill();
  }
});

test("a second daemon of the same process on a data dir is refused while the first is open; a garbled daemon.json is taken over", async () => {
  const cfg = config();
  await withDaemon(cfg, null, async (first) => {
    await assert.rejects(startDaemon(cfg, { log: () => {}, uiDir: null }), (error: unknown) => OcError.is(error, "DAEMON_RUNNING"));
    assert.equal((await fetch(`${first.url}/api/v1/healthz`)).status, 200);
    assert.equal(JSON.parse(readFileSync(join(cfg.dataDir, "daemon.json"), "utf8")).url, first.url, "the refused start left the claim alone");
  });
  writeFileSync(join(cfg.dataDir, "daemon.json"), "{ half written");
  await withDaemon(cfg, null, async (daemon) => {
    assert.equal(JSON.parse(readFileSync(join(cfg.dataDir, "daemon.json"), "utf8")).url, daemon.url);
  });
  assert.deepEqual(readdirSync(cfg.dataDir).filter((name) => name.startsWith("daemon.json")), [], "no draft or stale copy left");
});

test("the trap listener binds --trap-host, not the HTTP host, and traps sent there arrive", async () => {
  const { createSocket } = await import("node:dgram");
  await withDaemon(config({ trapHost: "127.0.0.2" }), null, async (daemon) => {
    assert.match(daemon.url, /^http:\/\/127\.0\.0\.1:/);
    const traps = daemon.addons!.traps!;
    const { host, port, listening } = traps.stats();
    assert.deepEqual([listening, host], [true, "127.0.0.2"]);
    const socket = createSocket("udp4");
    try {
      // Not SNMP: the listener counts it as rejected, which proves the datagram reached it on 127.0.0.2.
      await new Promise<void>((resolve, reject) => socket.send("not a trap", port!, "127.0.0.2", (error) => (error ? reject(error) : resolve())));
      for (let i = 0; i < 100 && traps.stats().rejected === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(traps.stats().rejected, 1);
    } finally {
      socket.close();
    }
  });
});

const hasIpv6Loopback = Object.values((await import("node:os")).networkInterfaces()).flat().some((address) => address?.address === "::1");

test("a bracketed IPv6 trap host (as written in a URL) binds its bare address", { skip: hasIpv6Loopback ? false : "no IPv6 loopback here" }, async () => {
  await withDaemon(config({ trapHost: "[::1]" }), null, async (daemon) => {
    const { host, listening } = daemon.addons!.traps!.stats();
    assert.deepEqual([listening, host], [true, "::1"]);
  });
});
