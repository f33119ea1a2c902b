// The Addons page end to end, in Debian's chromium driven by playwright-core, against the real
// daemon: the built-in webhook addon built and signed at set-up, an addon modified on disk (refused
// at start), and the probe addon signed by a test key the daemon trusts, installed, upgraded,
// refused, rolled back and removed through the page.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type BrowserContext, type Page } from "playwright-core";
import { DEFAULT_PACKAGE_LIMITS, readZipSafely, writePackageZip } from "@opsconductor/sdk/node";
import { probePackage, testSigner } from "../../host/src/addons/test-support/build-package.ts";
import { probeManifest } from "../../host/src/addons/test-support/probe-addon.ts";
import { runAddon } from "../../host/src/cli/commands/addon.ts";
import { runTrust } from "../../host/src/cli/commands/trust.ts";
import { startDaemon, type Daemon } from "../../host/src/daemon.ts";
import { buildAddons, CORE_KEY_NAME } from "../../scripts/build/addons.ts";
import { buildUi } from "../../scripts/build/ui.ts";
import { addUser, openBrowser, runCli, SHOTS, signIn, skipWithoutChromium } from "./browser.ts";


const ADMIN = { username: "admin", password: "correct horse battery" };
const VIEWER = { username: "vera", password: "viewer password 1" };
const PROBE_ROW = 'tr[data-addon-id="acme.probe"]';

// 1.1.0 requires a `tenant` the connector made on 1.0.0 does not have: the upgrade goes through
// and its answer warns that the connector did not start.
const v1Schema = probeManifest().config_schema as { required: string[]; properties: Record<string, unknown> };
const v2Schema = { ...v1Schema, required: [...v1Schema.required, "tenant"], properties: { ...v1Schema.properties, tenant: { type: "string", minLength: 1 } } };

/** Runs an `opsconductor` verb in-process, as an operator at the shell would; fails the test on a non-zero exit. */


/** Picks the zip in the page's file input and presses Install. */
async function upload(page: Page, name: string, zip: Buffer): Promise<void> {
  await page.getByLabel("Addon package (.zip)").setInputFiles({ name, mimeType: "application/zip", buffer: zip });
  await page.getByRole("button", { name: "Install", exact: true }).click();
}

describe("Addons page in chromium", { skip: skipWithoutChromium }, () => {
  const signer = testSigner(["acme."], "community");
  let workDir: string;
  let daemon: Daemon;
  let token: string;
  let context: BrowserContext;
  let page: Page;
  let zips: { v1: Buffer; v2: Buffer; old: Buffer; unsigned: Buffer; tampered: Buffer };
  let connectorId: string;
  const pageErrors: string[] = [];

  /** The API as a script sees it (admin token), to check the page against. */
  async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${daemon.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json() as T;
    assert.ok(response.ok, `${method} ${path}: ${JSON.stringify(answer)}`);
    return answer;
  }

  /** What an install, an action or a refusal may change: every addon's version, previous version, status and switch. */
  async function installedState(): Promise<string[]> {
    const { items } = await api<{ items: Array<{ id: string; version: string; previous_version: string | null; status: string; enabled: boolean }> }>("GET", "/addons");
    return items.map((addon) => `${addon.id} ${addon.version} (previous ${addon.previous_version}) ${addon.status} ${addon.enabled ? "on" : "off"}`);
  }

  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), "oc-ui-addons-"));
    const dataDir = join(workDir, "data");
    const uiDir = join(workDir, "ui");
    const builtins = { dir: join(workDir, "builtins"), publicKeyFile: join(workDir, "keys", `${CORE_KEY_NAME}.pub`) };
    const [built, v1, v2, old, unsigned, legacy] = await Promise.all([
      buildAddons({ outDir: builtins.dir, keyDir: join(workDir, "keys"), log: () => {}, only: ["opsconductor.webhook"] }),
      probePackage(signer),
      probePackage(signer, { version: "1.1.0", flavour: "v2", manifest: { config_schema: v2Schema } }),
      probePackage(signer, { version: "0.9.0" }),
      probePackage(null, { version: "1.2.0" }),
      probePackage(signer, { id: "acme.legacy", manifest: { name: "Acme legacy" } }),
      buildUi(uiDir),
    ]);
    assert.deepEqual(built.failed, []);
    const files = readZipSafely(v2, DEFAULT_PACKAGE_LIMITS);
    files.set("backend/index.js", Buffer.concat([files.get("backend/index.js")!, Buffer.from("\n// evil\n")]));
    zips = { v1, v2, old, unsigned, tampered: writePackageZip(files) };
    await addUser(dataDir, ADMIN, "admin");
    await addUser(dataDir, VIEWER, "viewer");
    // Trust the test key, install acme.legacy with the daemon stopped, then modify its files: refused at start.
    await runCli(runTrust, ["add", join(dirname(signer.keyFile), "test.pub"), "--prefix", "acme.", "--level", "community", "--publisher", "Acme", "--data", dataDir], workDir);
    writeFileSync(join(workDir, "acme.legacy-1.0.0.zip"), legacy);
    await runCli(runAddon, ["install", "acme.legacy-1.0.0.zip", "--data", dataDir], workDir);
    appendFileSync(join(dataDir, "addons/acme.legacy/1.0.0/backend/index.js"), "\nglobalThis.evil = true;\n");
    daemon = await startDaemon({ port: 0, host: "127.0.0.1", dataDir, trapPort: 0, dev: false }, { uiDir, log: () => {}, builtinAddons: builtins });
    token = daemon.api.services.tokens.create(daemon.api.services.users.findByName(ADMIN.username)!.id, "addons-ui-test").token;
    ({ context, page } = await openBrowser(workDir, pageErrors, { width: 1440, height: 900 }));
  });

  after(async () => {
    await context?.close();
    await daemon?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("shows an admin the built-in addons with their trust and status, and the install form", async () => {
    await page.goto(`${daemon.url}/#/addons`);
    await signIn(page, ADMIN);
    const webhook = page.locator('tr[data-addon-id="opsconductor.webhook"]');
    await webhook.waitFor();
    assert.equal(await webhook.getAttribute("data-status"), "active");
    assert.match(await webhook.innerText(), /core/);
    assert.equal(await page.locator(PROBE_ROW).count(), 0);
    await page.getByLabel("Addon package (.zip)").waitFor();
  });

  it("shows an addon refused at start with its status code and its warning under it", async () => {
    const legacy = page.locator('tr[data-addon-id="acme.legacy"]');
    assert.equal(await legacy.getAttribute("data-status"), "refused");
    assert.match(await legacy.locator(".c-status").innerText(), /refused[\s\S]*ADDON_FILE_TAMPERED/);
    assert.match(await legacy.locator(".c-runtime").innerText(), /not loaded/);
    const warnings = await page.getByLabel("Warnings for Acme legacy").locator("li").allTextContents();
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0]!, /^refused: ADDON_FILE_TAMPERED: .*it is not loaded/);
  });

  it("installs a signed zip through the file input and shows it active", async () => {
    await upload(page, "acme.probe-1.0.0.zip", zips.v1);
    await page.locator(".addon-install-summary", { hasText: "Installed Acme probe 1.0.0." }).waitFor();
    const row = page.locator(`${PROBE_ROW}[data-version="1.0.0"][data-status="active"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /community/);
    assert.deepEqual(await page.getByLabel("Capabilities of Acme probe").locator("li").allTextContents(), ["polling", "webhooks", "traps", "device_sync"]);
    // Nothing to roll back to yet.
    assert.equal(await page.getByRole("button", { name: /^Roll back Acme probe/ }).count(), 0);
    assert.deepEqual((await installedState()).filter((line) => line.startsWith("acme.probe ")), ["acme.probe 1.0.0 (previous null) active on"]);
  });

  it("upgrades to a newer version: shows the replaced version and the connector that did not start on it", async () => {
    const created = await api<{ id: string }>("POST", "/connectors", {
      addon_id: "acme.probe", name: "Probe", config: { targets: [{ id: "dev1", host: "127.0.0.1", port: 9, name: "Device 1" }], username: "opsbot", password: "pw-123456" },
    });
    connectorId = created.id;
    await upload(page, "acme.probe-1.1.0.zip", zips.v2);
    await page.locator(".addon-install-summary", { hasText: "Replaced Acme probe 1.0.0 with 1.1.0." }).waitFor();
    const warnings = await page.getByLabel("Install warnings").locator("li").allTextContents();
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0]!, new RegExp(`^connector ${connectorId} did not start on 1\\.1\\.0: CONNECTOR_CONFIG_INVALID: .*tenant`));
    const row = page.locator(`${PROBE_ROW}[data-version="1.1.0"]`);
    await row.waitFor();
    assert.match(await row.locator(".c-version").innerText(), /previous\s+1\.0\.0/);
    assert.equal(await row.locator(".c-num").innerText(), "1");
    await page.getByLabel("Runtime stats of Acme probe").waitFor();
    await page.screenshot({ path: join(SHOTS, "opsconductor-addons.png"), fullPage: true });
  });

  it("refuses a tampered, an unsigned and an older zip with their error codes, and nothing changes", async () => {
    const before = await installedState();
    const cases: Array<[string, Buffer, string]> = [
      ["acme.probe-1.1.0-tampered.zip", zips.tampered, "ADDON_FILE_TAMPERED"],
      ["acme.probe-1.2.0-unsigned.zip", zips.unsigned, "ADDON_SIGNATURE_MISSING"],
      ["acme.probe-0.9.0.zip", zips.old, "ADDON_DOWNGRADE"],
    ];
    for (const [name, zip, code] of cases) {
      await upload(page, name, zip);
      await page.locator(`.addon-install-panel [data-error-code="${code}"]`).waitFor();
      assert.equal(await page.locator(".addon-install-result").count(), 0, name);
      assert.deepEqual(await installedState(), before, name);
    }
    // The downgrade's hint names the checkbox that allows it.
    assert.match(await page.locator(".addon-install-hint").innerText(), /Allow downgrade \(force\)/);
    await page.locator(`${PROBE_ROW}[data-version="1.1.0"]`).waitFor();
  });

  it("disables and enables the addon", async () => {
    await page.getByRole("button", { name: "Disable Acme probe" }).click();
    const disabled = page.locator(`${PROBE_ROW}[data-enabled="false"][data-status="installed"]`);
    await disabled.waitFor();
    assert.match(await disabled.innerText(), /disabled[\s\S]*not loaded/);
    assert.match(await page.locator(".addons-notice").innerText(), /Disabled Acme probe/);
    assert.ok((await installedState()).includes("acme.probe 1.1.0 (previous 1.0.0) installed off"));
    await page.getByRole("button", { name: "Enable Acme probe" }).click();
    await page.locator(`${PROBE_ROW}[data-enabled="true"][data-status="active"]`).waitFor();
    assert.ok((await installedState()).includes("acme.probe 1.1.0 (previous 1.0.0) active on"));
  });

  it("rolls back to the previous version after a confirmation", async () => {
    await page.getByRole("button", { name: "Roll back Acme probe to 1.0.0" }).click();
    const confirm = page.getByRole("group", { name: "Roll back Acme probe" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    assert.ok((await installedState()).includes("acme.probe 1.1.0 (previous 1.0.0) active on"), "cancel rolled nothing back");
    await page.getByRole("button", { name: "Roll back Acme probe to 1.0.0" }).click();
    await confirm.getByRole("button", { name: "Roll back to 1.0.0" }).click();
    await page.locator(`${PROBE_ROW}[data-version="1.0.0"]`).waitFor();
    assert.match(await page.locator(".addons-notice").innerText(), /Rolled Acme probe back to 1\.0\.0/);
    assert.ok((await installedState()).includes("acme.probe 1.0.0 (previous 1.1.0) active on"));
  });

  it("installs an older version when forced", async () => {
    const force = page.getByLabel("Allow downgrade (force)");
    await force.check();
    await upload(page, "acme.probe-0.9.0.zip", zips.old);
    await page.locator(".addon-install-summary", { hasText: "Replaced Acme probe 1.0.0 with 0.9.0." }).waitFor();
    await page.locator(`${PROBE_ROW}[data-version="0.9.0"]`).waitFor();
    assert.equal(await force.isChecked(), false, "the force box is a one-off");
  });

  it("uninstalls after a confirmation, removing its connectors when asked", async () => {
    await page.getByRole("button", { name: "Uninstall Acme probe" }).click();
    const confirm = page.getByRole("group", { name: "Uninstall Acme probe" });
    await confirm.getByText("Its 1 connector").waitFor();
    await confirm.getByLabel("Remove").check();
    await page.screenshot({ path: join(SHOTS, "opsconductor-addons-uninstall.png"), fullPage: true });
    await confirm.getByRole("button", { name: "Uninstall" }).click();
    await page.locator(PROBE_ROW).waitFor({ state: "detached" });
    assert.equal(await page.locator(".addons-notice").innerText(), "Uninstalled Acme probe; 1 connector removed.");
    assert.deepEqual((await installedState()).filter((line) => line.startsWith("acme.probe ")), []);
    const { items } = await api<{ items: Array<{ id: string }> }>("GET", "/connectors");
    assert.equal(items.some((connector) => connector.id === connectorId), false);
  });

  it("shows a viewer the list, read-only, with no admin actions", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await signIn(page, VIEWER);
    await page.getByRole("link", { name: "Addons" }).click();
    await page.locator('tr[data-addon-id="opsconductor.webhook"]').waitFor();
    await page.getByText("read-only", { exact: true }).waitFor();
    await page.getByLabel("Warnings for Acme legacy").waitFor();
    assert.equal(await page.getByLabel("Addon package (.zip)").count(), 0);
    assert.equal(await page.getByRole("button", { name: /Install|Enable|Disable|Roll back|Uninstall/ }).count(), 0);
    assert.deepEqual(pageErrors, [], "no uncaught errors in the page");
  });
});
