// The Connectors page end to end, in Debian's chromium driven by playwright-core, against the real
// daemon with the built-in webhook and PRTG addons (built and signed at set-up) and the PRTG
// simulator: an operator creates, polls, edits, tests, disables and deletes connectors through the
// form generated from each addon's config_schema; a viewer only reads.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, type Locator, type Page } from "playwright-core";
import { startDaemon, type Daemon } from "../../host/src/daemon.ts";
import { buildAddons, CORE_KEY_NAME } from "../../scripts/build/addons.ts";
import { buildUi } from "../../scripts/build/ui.ts";
import { startPrtgSimulator, type PrtgSimulator } from "../sim/prtg/prtg-simulator.ts";
import type { SimSensor } from "../sim/prtg/prtg-data.ts";
import { addUser, openBrowser, SHOTS, signIn, skipWithoutChromium } from "./browser.ts";


const OPERATOR = { username: "olga", password: "operator password 1" };
const VIEWER = { username: "vera", password: "viewer password 1" };
const PRTG_USER = "opsbot";
const PASSHASH = "7012345678";

function sensor(objid: number, statusRaw: number, name: string): SimSensor {
  return {
    objid, sensor: name, status_raw: statusRaw, message: statusRaw === 3 ? "OK" : `${name} is not well`, device: "core-sw1", host: "10.20.0.1",
    parentid: 2001, group: "Core", probe: "Local Probe", priority: 3, lastcheck: new Date(),
  };
}

/** Creates a user the way an operator does: `opsconductor user add NAME --role R --password-stdin`. */


describe("Connectors page in chromium", { skip: skipWithoutChromium }, () => {
  let workDir: string;
  let daemon: Daemon;
  let prtg: PrtgSimulator;
  let context: BrowserContext;
  let page: Page;
  let webhookId = "";
  let prtgId = "";
  const pageErrors: string[] = [];

  /** The browser's own session, straight to the API (reads only: writes would need the CSRF token). */
  async function apiGet<T>(path: string): Promise<T> {
    const response = await context.request.get(`${daemon.url}/api/v1${path}`);
    assert.equal(response.status(), 200, await response.text());
    return await response.json() as T;
  }

  const row = (id: string): Locator => page.locator(`tr[data-connector-id="${id}"]`);
  const outcomeOf = (id: string): Locator => row(id).locator("xpath=following-sibling::tr[1][contains(@class, 'outcome-row')]");

  /** Opens the new-connector dialog for `addonId`, waits for its form (a field labelled `formReady`) and names it. */
  async function newConnector(addonId: string, formReady: string, name: string): Promise<Locator> {
    await page.getByRole("button", { name: "New connector" }).click();
    const editor = page.getByRole("dialog", { name: "New connector" });
    await editor.getByLabel("Addon", { exact: true }).selectOption(addonId);
    await editor.getByLabel(formReady).waitFor();
    await editor.getByLabel("Name", { exact: true }).fill(name);
    return editor;
  }

  /** A new connector is polled by the scheduler within seconds: wait for that run to end, so "Poll now" does not collide with it. */
  async function waitForIdlePoller(id: string): Promise<void> {
    const key = encodeURIComponent(`connector.poll:${id}`);
    for (let i = 0; ; i++) {
      const runs = (await apiGet<{ items: Array<{ status: string }> }>(`/scheduler/runs?job_key=${key}&limit=5`)).items;
      if (runs.length > 0 && runs.every((run) => run.status !== "running")) return;
      assert.ok(i < 400, "the scheduler's first poll did not happen");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), "oc-ui-connectors-"));
    const dataDir = join(workDir, "data");
    const uiDir = join(workDir, "ui");
    const builtinAddons = { dir: join(workDir, "addons"), publicKeyFile: join(workDir, "keys", `${CORE_KEY_NAME}.pub`) };
    const [built] = await Promise.all([
      buildAddons({ outDir: builtinAddons.dir, keyDir: join(workDir, "keys"), log: () => {}, only: ["opsconductor.webhook", "opsconductor.prtg"] }),
      buildUi(uiDir),
    ]);
    assert.deepEqual(built.failed, []);
    await addUser(dataDir, OPERATOR, "operator");
    await addUser(dataDir, VIEWER, "viewer");
    prtg = await startPrtgSimulator({ username: PRTG_USER, passhash: PASSHASH, tls: false });
    prtg.setSensors([sensor(101, 5, "Ping"), sensor(102, 4, "CPU Load"), sensor(103, 3, "Memory")]);
    daemon = await startDaemon({ port: 0, host: "127.0.0.1", dataDir, trapPort: 0, dev: false }, { uiDir, log: () => {}, builtinAddons });
    ({ context, page } = await openBrowser(workDir, pageErrors, { width: 1600, height: 900 }));
  });

  after(async () => {
    await context?.close();
    await daemon?.close();
    await prtg?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("an operator creates a webhook connector and sees its token once, with the URL to POST to", async () => {
    await page.goto(`${daemon.url}/#/connectors`);
    await signIn(page, OPERATOR);
    await page.getByText(/No connectors yet/).waitFor();
    const editor = await newConnector("opsconductor.webhook", "Alert type when an event has none", "Ticketing webhook");
    await editor.getByRole("button", { name: "Create connector" }).click();
    await editor.waitFor({ state: "detached" });

    const notice = page.getByRole("region", { name: "Webhook token" });
    assert.match(await notice.innerText(), /Shown only now/);
    const url = await notice.getByTestId("webhook-url").innerText();
    const token = await notice.getByTestId("webhook-token").innerText();
    webhookId = /\/api\/v1\/webhooks\/([^/]+)$/.exec(url)?.[1] ?? "";
    assert.ok(webhookId, url);
    // The token shown is the one the daemon accepts.
    const delivery = await fetch(url, {
      method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ alert_type: "disk_full", device_name: "nas1", severity: "critical", message: "95% full" }),
    });
    assert.equal(delivery.status, 202, await delivery.text());
    await page.screenshot({ path: join(SHOTS, "opsconductor-connectors-webhook-token.png") });
    await notice.getByRole("button", { name: "I have saved it" }).click();
    await notice.waitFor({ state: "detached" });

    // A webhook connector is not polled; its token can be rotated (confirmed), and the old one stops working.
    assert.equal(await row(webhookId).getByRole("button", { name: "Poll now" }).count(), 0);
    await row(webhookId).getByRole("button", { name: "Rotate token" }).click();
    await row(webhookId).getByRole("button", { name: "Rotate", exact: true }).click();
    const rotated = await notice.getByTestId("webhook-token").innerText();
    assert.notEqual(rotated, token);
    const stale = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{}" });
    assert.equal(stale.status, 401);
    await notice.getByRole("button", { name: "I have saved it" }).click();
  });

  it("checks the form before sending, and shows the daemon's CONNECTOR_CONFIG_INVALID next to its field", async () => {
    const editor = await newConnector("opsconductor.prtg", "Host name or IP of target 1", "PRTG core");
    await editor.getByRole("button", { name: "Create connector" }).click();
    // The target's host is required by the schema: refused in the page, nothing sent.
    assert.equal(await editor.locator('[data-field="/targets/0/host"] .field-error').innerText(), "required");
    assert.equal(await editor.getByLabel("Host name or IP of target 1").evaluate((input) => input === document.activeElement), true);
    assert.equal((await apiGet<{ items: unknown[] }>("/connectors")).items.length, 1);

    await editor.getByLabel("Host name or IP of target 1").fill("127.0.0.1");
    await editor.getByLabel("Port of target 1").fill(String(prtg.port));
    await editor.getByLabel("Scheme of target 1").selectOption("http");
    await editor.getByLabel("PRTG user name").fill(PRTG_USER);
    // Passhash auth needs a passhash: a rule across fields (if/then) only the daemon's ajv knows.
    await editor.getByRole("button", { name: "Create connector" }).click();
    await editor.locator('[data-error-code="CONNECTOR_CONFIG_INVALID"]').waitFor();
    assert.match(await editor.locator('[data-field="/passhash"] .field-error').innerText(), /required/);
    assert.equal(await editor.getByLabel("Passhash").getAttribute("aria-invalid"), "true");
    await page.screenshot({ path: join(SHOTS, "opsconductor-connectors-form-error.png") });

    await editor.getByLabel("Passhash").fill(PASSHASH);
    await editor.getByRole("button", { name: "Create connector" }).click();
    await editor.waitFor({ state: "detached" });
    const created = (await apiGet<{ items: Array<{ id: string; name: string; sensitive_fields_set: string[] }> }>("/connectors")).items
      .find((connector) => connector.name === "PRTG core");
    assert.ok(created);
    assert.deepEqual(created.sensitive_fields_set, ["passhash"]);
    prtgId = created.id;
    await row(prtgId).waitFor();
  });

  it("polls a connector now, shows the run's counts, and its alerts appear under Alerts", async () => {
    await waitForIdlePoller(prtgId);
    // A slow PRTG: the row shows the poll in progress, its buttons held, until the run is back.
    prtg.setFault({ kind: "slow", ms: 1500, times: 1 });
    await row(prtgId).getByRole("button", { name: "Poll now" }).click();
    const outcome = outcomeOf(prtgId);
    assert.match(await outcome.locator('[aria-busy="true"]').innerText(), /Polling…/);
    assert.equal(await row(prtgId).getByRole("button", { name: "Poll now" }).isDisabled(), true);
    await outcome.locator('[data-run-status="ok"]').waitFor();
    prtg.setFault(null);
    assert.equal(await outcome.getByTestId("poll-counts").innerText(), "1 target ok · 0 failed · 2 alerts");
    await row(prtgId).locator('[data-status="ok"]').waitFor();
    await page.screenshot({ path: join(SHOTS, "opsconductor-connectors.png") });

    await outcome.getByRole("link", { name: "View its alerts" }).click();
    await page.locator(".alerts-table tbody tr", { hasText: "core-sw1: Ping is Down" }).waitFor();
    await page.locator(".alerts-table tbody tr", { hasText: "core-sw1: CPU Load is Warning" }).waitFor();
    await page.getByRole("link", { name: "Connectors" }).click();
  });

  it("edits a connector: the stored passhash is kept when left empty, and the poll still authenticates", async () => {
    await row(prtgId).getByRole("button", { name: "Edit", exact: true }).click();
    const editor = page.getByRole("dialog", { name: "Edit connector" });
    await editor.getByLabel("Host name or IP of target 1").waitFor();
    assert.equal(await editor.getByLabel("Host name or IP of target 1").inputValue(), "127.0.0.1");
    assert.equal(await editor.getByLabel("Passhash", { exact: true }).inputValue(), "", "secrets never come back");
    assert.match(await editor.locator('[data-field="/passhash"]').innerText(), /leave empty to keep it/);
    await editor.getByLabel("Name", { exact: true }).fill("PRTG main");
    await editor.getByLabel("Poll every (s)").fill("120");
    await page.screenshot({ path: join(SHOTS, "opsconductor-connectors-edit.png") });
    await editor.getByRole("button", { name: "Save changes" }).click();
    await editor.waitFor({ state: "detached" });
    await row(prtgId).locator(".connector-name", { hasText: "PRTG main" }).waitFor();
    const stored = await apiGet<{ poll_interval_s: number; sensitive_fields_set: string[]; config: { poll_interval_s: number } }>(`/connectors/${prtgId}`);
    assert.deepEqual([stored.poll_interval_s, stored.config.poll_interval_s, stored.sensitive_fields_set], [120, 120, ["passhash"]]);

    await waitForIdlePoller(prtgId);
    const before = prtg.requests.length;
    await row(prtgId).getByRole("button", { name: "Poll now" }).click();
    await outcomeOf(prtgId).locator('[data-run-status="ok"]').waitFor();
    const polled = prtg.requests.slice(before);
    assert.ok(polled.length > 0);
    assert.deepEqual([...new Set(polled.map((request) => request.auth))], ["passhash"]);

    await row(prtgId).getByRole("button", { name: "Test connection" }).click();
    await outcomeOf(prtgId).getByText("Connection OK").waitFor();
  });

  it("clears a stored optional secret with its Clear toggle (undoable, by keyboard), and the daemon refuses clearing one its rules need", async () => {
    type Stored = { sensitive_fields_set: string[]; config: { auth_method: string } };
    const openEditor = async () => {
      await row(prtgId).getByRole("button", { name: "Edit", exact: true }).click();
      const editor = page.getByRole("dialog", { name: "Edit connector" });
      await editor.getByLabel("Host name or IP of target 1").waitFor();
      return editor;
    };
    const save = async (editor: Locator) => {
      await editor.getByRole("button", { name: "Save changes" }).click();
      await editor.waitFor({ state: "detached" });
    };
    const focused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

    // A second secret to clear: an API key stored beside the passhash (auth stays passhash).
    let editor = await openEditor();
    assert.equal(await editor.getByRole("button", { name: "Clear stored API key" }).count(), 0, "nothing stored, nothing to clear");
    await editor.getByLabel("API key", { exact: true }).fill("prtg-api-key-1");
    await save(editor);
    assert.deepEqual((await apiGet<Stored>(`/connectors/${prtgId}`)).sensitive_fields_set, ["apitoken", "passhash"]);

    editor = await openEditor();
    const apiKey = editor.getByLabel("API key", { exact: true });
    const status = editor.locator('[data-field="/apitoken"] .secret-status');
    const clear = editor.getByRole("button", { name: "Clear stored API key" });
    await clear.focus();
    await page.keyboard.press("Enter");
    const undo = editor.getByRole("button", { name: "Undo clearing API key" });
    assert.equal(await undo.innerText(), "Undo");
    assert.equal(await focused(undo), true, "the toggle keeps the focus");
    assert.equal(await status.innerText(), "Will be removed when you save.");
    assert.equal(await apiKey.getAttribute("placeholder"), "will be removed");
    assert.match(await apiKey.getAttribute("aria-describedby") ?? "", /clear-status/);
    await page.screenshot({ path: join(SHOTS, "opsconductor-connectors-clear-secret.png") });
    // Undone (Space, on the same button), nothing is removed; marked again, it is.
    await page.keyboard.press("Space");
    assert.equal(await focused(clear), true);
    assert.equal(await status.innerText(), "");
    assert.equal(await apiKey.getAttribute("placeholder"), "unchanged");
    await clear.click();
    await save(editor);
    const cleared = await apiGet<Stored>(`/connectors/${prtgId}`);
    assert.deepEqual(cleared.sensitive_fields_set, ["passhash"]);

    // The passhash is optional in the schema but needed while auth is passhash: the daemon's
    // CONNECTOR_CONFIG_INVALID names it in its details, and the form marks it.
    assert.equal(cleared.config.auth_method, "passhash");
    editor = await openEditor();
    assert.equal(await editor.getByRole("button", { name: "Clear stored API key" }).count(), 0, "a cleared secret is not stored");
    await editor.getByRole("button", { name: "Clear stored Passhash" }).click();
    await editor.getByRole("button", { name: "Save changes" }).click();
    await editor.locator('[data-error-code="CONNECTOR_CONFIG_INVALID"]').waitFor();
    assert.match(await editor.locator('[data-field="/passhash"] .field-error').innerText(), /required/);
    assert.equal(await editor.getByLabel("Passhash", { exact: true }).getAttribute("aria-invalid"), "true");
    // Typing a new value instead takes the mark back: the value replaces the stored one.
    await editor.getByLabel("Passhash", { exact: true }).fill(PASSHASH);
    await editor.getByRole("button", { name: "Clear stored Passhash" }).waitFor();
    await save(editor);
    assert.deepEqual((await apiGet<Stored>(`/connectors/${prtgId}`)).sensitive_fields_set, ["passhash"]);
    await waitForIdlePoller(prtgId);
    await row(prtgId).getByRole("button", { name: "Poll now" }).click();
    await outcomeOf(prtgId).locator('[data-run-status="ok"]').waitFor();
  });

  it("disables and deletes a connector, each failure-free and confirmed", async () => {
    await row(prtgId).getByRole("button", { name: "Disable" }).click();
    await row(prtgId).locator('[data-status="disabled"]').waitFor();
    assert.equal(await row(prtgId).getByRole("button", { name: "Poll now" }).isDisabled(), true);
    assert.equal((await apiGet<{ enabled: boolean }>(`/connectors/${prtgId}`)).enabled, false);

    await row(prtgId).getByRole("button", { name: "Delete" }).click();
    assert.match(await row(prtgId).locator(".confirm").innerText(), /Delete this connector\?/);
    await row(prtgId).getByRole("button", { name: "Delete", exact: true }).click();
    await row(prtgId).waitFor({ state: "detached" });
    const left = (await apiGet<{ items: Array<{ id: string }> }>("/connectors")).items.map((connector) => connector.id);
    assert.deepEqual(left, [webhookId]);
  });

  it("shows a viewer the list without any action", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await signIn(page, VIEWER);
    await page.getByRole("link", { name: "Connectors" }).click();
    await row(webhookId).waitFor();
    assert.match(await row(webhookId).innerText(), /Ticketing webhook/);
    await page.getByText("read-only", { exact: true }).waitFor();
    assert.equal(await page.getByRole("button", { name: /New connector|Edit|Test connection|Poll now|Disable|Rotate token|Delete/ }).count(), 0);
    assert.deepEqual(pageErrors, [], "no uncaught errors in the page");
  });
});
