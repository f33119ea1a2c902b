import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { verifyPassword } from "../auth/password.ts";
import { sha256Hex } from "../auth/secrets.ts";
import { runCliProcess } from "./testing.ts";

const PASSWORD = "correct horse battery";

function tempData(): string {
  return mkdtempSync(join(tmpdir(), "oc-cli-"));
}

/** Reads the CLI's database directly (a separate connection, as another process would). */
function readDb<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, "opsconductor.db"), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

test("help, VERB --help and help VERB print usage and exit 0", async () => {
  const main = await runCliProcess(["help"]);
  assert.equal(main.code, 0);
  assert.match(main.stdout, /usage: opsconductor <verb>/);
  for (const args of [["user", "--help"], ["help", "user"], ["token", "-h"], ["start", "--help"]]) {
    const run = await runCliProcess(args);
    assert.equal(run.code, 0, args.join(" "));
    assert.match(run.stdout, new RegExp(`usage: opsconductor ${args.includes("help") ? args[1] : args[0]}`));
  }
  const noAction = await runCliProcess(["user"]);
  assert.deepEqual([noAction.code, noAction.stderr], [2, "CLI_USAGE: an action is required (see the usage above)\n"]);
  assert.match(noAction.stdout, /usage: opsconductor user/);
});

test("user add reads the password from stdin, stores only a scrypt hash, and exits 0", async () => {
  const data = tempData();
  const run = await runCliProcess(["user", "add", "admin", "--role", "admin", "--password-stdin", "--data", data], { input: `${PASSWORD}\n` });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /created user admin \(admin\)/);
  const row = readDb(data, (db) => db.prepare("SELECT username, role, password_hash FROM users").get()) as Record<string, string>;
  assert.equal(row.username, "admin");
  assert.equal(row.role, "admin");
  assert.ok(!row.password_hash!.includes(PASSWORD));
  assert.equal(await verifyPassword(PASSWORD, row.password_hash!), true, "the trailing newline is not part of the password");
  const audit = readDb(data, (db) => db.prepare("SELECT actor, action, target FROM audit_log").all());
  assert.deepEqual(audit, [{ actor: "cli", action: "cli user add", target: "admin" }]);

  const list = await runCliProcess(["user", "list", "--data", data]);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^admin\tadmin\tcreated /);
  const json = await runCliProcess(["user", "list", "--json"], { env: { OPSCONDUCTOR_DATA: data } });
  assert.equal(JSON.parse(json.stdout)[0].username, "admin", "OPSCONDUCTOR_DATA picks the data dir");
});

test("user add failures exit non-zero with CODE: message", async () => {
  const data = tempData();
  const add = (name: string, role: string, input: string, extra: string[] = ["--password-stdin"]) =>
    runCliProcess(["user", "add", name, "--role", role, ...extra, "--data", data], { input });
  assert.equal((await add("ann", "viewer", PASSWORD)).code, 0);

  const cases: [Promise<{ code: number | null; stderr: string }>, number, RegExp][] = [
    [add("ANN", "viewer", PASSWORD), 1, /^USER_EXISTS: a user named "ANN" already exists/],
    [add("bob", "viewer", "short\n"), 1, /^VALIDATION_FAILED: the password must be at least 10 characters/],
    [add("bob", "viewer", "line one is long enough\nline two\n"), 1, /^VALIDATION_FAILED: the password must be one line; stdin held 2/],
    [add("bob", "viewer", "            \n"), 1, /^VALIDATION_FAILED: the password must not be blanks only/],
    [add("bob", "root", PASSWORD), 2, /^CLI_USAGE: --role must be one of viewer, operator, admin/],
    [add("bad name", "viewer", PASSWORD), 1, /^VALIDATION_FAILED: user is invalid: \/username must match pattern/],
    [add("bob", "viewer", PASSWORD, []), 2, /^CLI_USAGE: no terminal to prompt for the password on; pipe it in with --password-stdin/],
    [runCliProcess(["user", "add", "--data", data]), 2, /^CLI_USAGE: user add needs a NAME/],
    [runCliProcess(["user", "add", "x", "--colour", "red"]), 2, /^CLI_USAGE: Unknown option '--colour'/],
    [runCliProcess(["frobnicate"]), 2, /^CLI_USAGE: unknown verb "frobnicate"/],
  ];
  for (const [running, code, message] of cases) {
    const run = await running;
    assert.equal(run.code, code, run.stderr);
    assert.match(run.stderr, message);
  }
  const names = readDb(data, (db) => db.prepare("SELECT username FROM users").pluck().all());
  assert.deepEqual(names, ["ann"], "no failed command created anything");
});

test("user passwd changes the password and revokes the user's API tokens", async () => {
  const data = tempData();
  await runCliProcess(["user", "add", "ann", "--role", "operator", "--password-stdin", "--data", data], { input: PASSWORD });
  assert.equal((await runCliProcess(["token", "create", "nightly", "--user", "ann", "--data", data])).code, 0);
  const changed = await runCliProcess(["user", "passwd", "ann", "--password-stdin", "--data", data], { input: "a brand new password\n" });
  assert.equal(changed.code, 0, changed.stderr);
  assert.match(changed.stdout, /sessions were ended and 1 API token\(s\) revoked/);
  const revoked = readDb(data, (db) => db.prepare("SELECT revoked_at FROM api_tokens").pluck().all());
  assert.equal(revoked.length, 1);
  assert.ok(revoked[0], "the token is marked revoked");
  const hash = readDb(data, (db) => db.prepare("SELECT password_hash FROM users").pluck().get()) as string;
  assert.equal(await verifyPassword("a brand new password", hash), true);
  assert.equal(await verifyPassword(PASSWORD, hash), false);

  const missing = await runCliProcess(["user", "passwd", "nobody", "--password-stdin", "--data", data], { input: PASSWORD });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^USER_NOT_FOUND: /);
});

test("token create prints the token once on stdout and stores its sha256", async () => {
  const data = tempData();
  await runCliProcess(["user", "add", "ann", "--role", "operator", "--password-stdin", "--data", data], { input: PASSWORD });
  const run = await runCliProcess(["token", "create", "backup-script", "--user", "ann", "--data", data]);
  assert.equal(run.code, 0, run.stderr);
  const token = run.stdout.trim();
  assert.match(token, /^oct_[\w-]{40,}$/);
  assert.match(run.stderr, /shown only this once/);
  const row = readDb(data, (db) => db.prepare("SELECT name, token_hash FROM api_tokens").get()) as Record<string, string>;
  assert.deepEqual(row, { name: "backup-script", token_hash: sha256Hex(token) });

  const noUser = await runCliProcess(["token", "create", "x", "--user", "ghost", "--data", data]);
  assert.equal(noUser.code, 1);
  assert.match(noUser.stderr, /^USER_NOT_FOUND: no user named "ghost"/);
  const noFlag = await runCliProcess(["token", "create", "x", "--data", data]);
  assert.equal(noFlag.code, 2);
  assert.match(noFlag.stderr, /^CLI_USAGE: token create needs --user/);

  // The API's limit: ten years at most, the same through either door.
  const tooLong = await runCliProcess(["token", "create", "x", "--user", "ann", "--expires-days", "3651", "--data", data]);
  assert.equal(tooLong.code, 2);
  assert.match(tooLong.stderr, /^CLI_USAGE: --expires-days must be a whole number of days \(1-3650\)/);
  const longest = await runCliProcess(["token", "create", "x", "--user", "ann", "--expires-days", "3650", "--data", data]);
  assert.equal(longest.code, 0, longest.stderr);
});

test("start refuses an invalid configuration with CONFIG_INVALID before touching anything", async () => {
  const run = await runCliProcess(["start", "--port", "99999", "--data", tempData()]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^CONFIG_INVALID: invalid configuration: port \(--port "99999"\) must be <= 65535/);
});

test("verbs that only read or change a store refuse a data directory without one (DATA_NOT_FOUND) and create nothing; user add sets one up and says so", async () => {
  const elsewhere = join(tempData(), "not-the-daemons");
  for (const args of [["user", "list"], ["user", "passwd", "ann", "--password-stdin"], ["token", "create", "x", "--user", "ann"], ["addon", "list"]]) {
    const run = await runCliProcess([...args, "--data", elsewhere], { input: PASSWORD });
    assert.equal(run.code, 1, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, new RegExp(`^DATA_NOT_FOUND: no OpsConductor database in ${elsewhere}: pass the daemon's --data DIR`), args.join(" "));
    assert.ok(!existsSync(elsewhere), `${args.join(" ")} created nothing`);
  }
  const added = await runCliProcess(["user", "add", "ann", "--role", "admin", "--password-stdin", "--data", elsewhere], { input: PASSWORD });
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stderr, /^opsconductor: no database at \S+opsconductor\.db yet: created a new one \(not the daemon's\? pass its --data DIR\)/);
  const listed = await runCliProcess(["user", "list", "--data", elsewhere]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /^ann\tadmin/);
  assert.equal(listed.stderr, "", "an existing store is used without a word");
});
