import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDaemonConfig, resolveDataDir } from "./load.ts";

const DEFAULT_EXTRAS = { absenceThreshold: 2, metrics: false, trustProxy: false, backupKeep: 7, openAlertLimit: 100_000 };

test("defaults: 127.0.0.1:8080, ./data resolved against the working directory, traps on 162, 90/30/365 days retention", () => {
  assert.deepEqual(loadDaemonConfig({}, {}, "/srv/oc"), {
    port: 8080, host: "127.0.0.1", dataDir: "/srv/oc/data", trapPort: 162, dev: false, alertRetentionDays: 90, metricRetentionDays: 30,
    auditRetentionDays: 365, ...DEFAULT_EXTRAS,
  });
});

test("trap host, absence threshold, backups and the metrics switch come from flags or the environment", () => {
  const env = { OPSCONDUCTOR_TRAP_HOST: "0.0.0.0", OPSCONDUCTOR_ABSENCE_THRESHOLD: "3", OPSCONDUCTOR_BACKUP_KEEP: "0", OPSCONDUCTOR_METRICS: "yes" };
  const fromEnv = loadDaemonConfig({}, env, "/");
  assert.deepEqual([fromEnv.trapHost, fromEnv.absenceThreshold, fromEnv.backupKeep, fromEnv.metrics], ["0.0.0.0", 3, 0, true]);
  const fromFlags = loadDaemonConfig({ "trap-host": "127.0.0.2", "absence-threshold": "5", "backup-keep": "14", metrics: false }, env, "/");
  assert.deepEqual([fromFlags.trapHost, fromFlags.absenceThreshold, fromFlags.backupKeep, fromFlags.metrics], ["127.0.0.2", 5, 14, false]);
  assert.equal(loadDaemonConfig({}, { OPSCONDUCTOR_METRICS: "off" }, "/").metrics, false);
  assert.equal(loadDaemonConfig({}, { OPSCONDUCTOR_TRUST_PROXY: "on" }, "/").trustProxy, true);
  assert.equal(loadDaemonConfig({ "trust-proxy": true }, {}, "/").trustProxy, true);
  assert.equal(loadDaemonConfig({}, {}, "/").trapHost, undefined, "no trap host: the listener follows --host");
});

test("environment variables override defaults and flags override both", () => {
  const env = {
    OPSCONDUCTOR_PORT: "9000", OPSCONDUCTOR_HOST: "0.0.0.0", OPSCONDUCTOR_DATA: "/var/lib/oc", OPSCONDUCTOR_TRAP_PORT: "1162",
    OPSCONDUCTOR_ALERT_RETENTION_DAYS: "365", OPSCONDUCTOR_METRIC_RETENTION_DAYS: "7", OPSCONDUCTOR_AUDIT_RETENTION_DAYS: "730",
  };
  assert.deepEqual(loadDaemonConfig({}, env, "/"), {
    port: 9000, host: "0.0.0.0", dataDir: "/var/lib/oc", trapPort: 1162, dev: false, alertRetentionDays: 365, metricRetentionDays: 7,
    auditRetentionDays: 730, ...DEFAULT_EXTRAS,
  });
  const flags = { port: "9100", data: "rel", "trap-port": "2162", dev: true, "alert-retention-days": "30", "audit-retention-days": "90" };
  assert.deepEqual(loadDaemonConfig(flags, env, "/home/x"), {
    port: 9100, host: "0.0.0.0", dataDir: "/home/x/rel", trapPort: 2162, dev: true, alertRetentionDays: 30, metricRetentionDays: 7,
    auditRetentionDays: 90, ...DEFAULT_EXTRAS,
  });
});

test("invalid values are CONFIG_INVALID naming the setting and where the value came from", () => {
  const cases: [Parameters<typeof loadDaemonConfig>[0], Record<string, string>, RegExp][] = [
    [{ port: "eighty" }, {}, /port \(--port "eighty"\) must be integer/],
    [{}, { OPSCONDUCTOR_PORT: "70000" }, /port \(OPSCONDUCTOR_PORT="70000"\) must be <= 65535/],
    [{ "trap-port": "-1" }, {}, /trapPort \(--trap-port "-1"\) must be integer/],
    [{ host: "bad host!" }, {}, /host \(--host "bad host!"\) must match pattern/],
    [{ "alert-retention-days": "0" }, {}, /alertRetentionDays \(--alert-retention-days "0"\) must be >= 1/],
    [{}, { OPSCONDUCTOR_METRIC_RETENTION_DAYS: "a week" }, /metricRetentionDays \(OPSCONDUCTOR_METRIC_RETENTION_DAYS="a week"\) must be integer/],
    [{ "absence-threshold": "0" }, {}, /absenceThreshold \(--absence-threshold "0"\) must be >= 1/],
    [{}, { OPSCONDUCTOR_METRICS: "sometimes" }, /metrics \(OPSCONDUCTOR_METRICS="sometimes"\) must be boolean/],
    [{ "trap-host": "any where" }, {}, /trapHost \(--trap-host "any where"\) must match pattern/],
    [{ "backup-keep": "-3" }, {}, /backupKeep \(--backup-keep "-3"\) must be integer/],
  ];
  for (const [flags, env, message] of cases) {
    assert.throws(() => loadDaemonConfig(flags, env, "/"), (error: unknown) => {
      assert.ok(OcError.is(error, "CONFIG_INVALID"));
      assert.match(error.message, message);
      return true;
    });
  }
});

test("a data directory that names a file, or an empty one, is CONFIG_INVALID, for the daemon and the CLI verbs alike", () => {
  const file = join(mkdtempSync(join(tmpdir(), "oc-config-")), "not-a-dir");
  writeFileSync(file, "x");
  const isFile = (error: unknown) => OcError.is(error, "CONFIG_INVALID") && error.message.includes(`${file} is a file, not a directory`);
  assert.throws(() => loadDaemonConfig({ data: file }, {}, "/"), (error: unknown) => isFile(error) && /\(--data /.test((error as Error).message));
  assert.throws(() => resolveDataDir(file, {}, "/"), isFile);
  assert.throws(() => resolveDataDir(undefined, { OPSCONDUCTOR_DATA: file }, "/"), (error: unknown) => isFile(error) && /OPSCONDUCTOR_DATA=/.test((error as Error).message));
  assert.throws(() => resolveDataDir("", {}, "/"), (error: unknown) => OcError.is(error, "CONFIG_INVALID") && /--data ""/.test(error.message));
  assert.throws(() => loadDaemonConfig({ data: "" }, {}, "/"), (error: unknown) => OcError.is(error, "CONFIG_INVALID"));
  assert.equal(resolveDataDir("not/there/yet", {}, "/srv"), "/srv/not/there/yet", "one not made yet is fine");
});
