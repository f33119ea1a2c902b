// The admin UI end to end, in Debian's chromium driven by playwright-core, against
// the real daemon (API, SSE, AlertManager, SQLite) on a random port and a temp data dir.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, type Page } from "playwright-core";
import type { NormalizedAlert } from "@opsconductor/sdk";
import { AlertManager } from "../../host/src/alerts/manager.ts";
import { startDaemon, type Daemon } from "../../host/src/daemon.ts";
import { buildUi } from "../../scripts/build/ui.ts";
import { addUser, openBrowser, SHOTS, signIn, skipWithoutChromium } from "./browser.ts";


const ADMIN = { username: "admin", password: "correct horse battery" };
const VIEWER = { username: "vera", password: "viewer password 1" };

function alert(overrides: Partial<NormalizedAlert> & Pick<NormalizedAlert, "alert_type" | "severity" | "title" | "device_name" | "device_ip">): NormalizedAlert {
  return {
    connector_type: "prtg", role: "problem", category: "network", message: `${overrides.title} (test)`,
    timestamp: new Date().toISOString(), metrics: {}, raw: { source: "ui-test" }, ...overrides,
  };
}

const SEED: NormalizedAlert[] = [
  alert({ alert_type: "device_down", severity: "critical", title: "core-sw-1 is down", device_name: "core-sw-1", device_ip: "10.0.0.1", metrics: { loss_pct: 100 } }),
  alert({ alert_type: "link_down", severity: "major", title: "Uplink Gi0/1 down on dist-sw-4", device_name: "dist-sw-4", device_ip: "10.0.1.4", resource: "ifIndex 1" }),
  alert({ alert_type: "high_cpu", severity: "warning", title: "CPU 91% on edge-rtr-2", device_name: "edge-rtr-2", device_ip: "10.0.2.2", category: "compute" }),
  alert({ alert_type: "config_changed", severity: "info", title: "Configuration saved on ap-lobby", device_name: "ap-lobby", device_ip: "10.0.3.10", category: "wireless" }),
];

/** The titles in the alerts table, top to bottom. */
function rowTitles(page: Page): Promise<string[]> {
  return page.locator(".alerts-table tbody tr .c-title").allTextContents();
}

describe("admin UI in chromium", { skip: skipWithoutChromium }, () => {
  let workDir: string;
  let daemon: Daemon;
  let manager: AlertManager;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), "oc-ui-test-"));
    const dataDir = join(workDir, "data");
    const uiDir = join(workDir, "ui");
    await buildUi(uiDir);
    await addUser(dataDir, ADMIN, "admin");
    await addUser(dataDir, VIEWER, "viewer");
    daemon = await startDaemon({ port: 0, host: "127.0.0.1", dataDir, trapPort: 0, dev: false }, {
      uiDir,
      log: () => {},
      wiring: { createAlerts: ({ db, clock }) => (manager = new AlertManager(db, { clock })) },
    });
    manager.ingest("prtg-1", SEED);
    ({ context, page } = await openBrowser(workDir, pageErrors, { width: 1440, height: 860, colorScheme: "dark" }));
  });

  after(async () => {
    await context?.close();
    await daemon?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("shows the login page, refuses a wrong password with its error code, then signs in", async () => {
    await page.goto(daemon.url);
    await page.getByLabel("Username").fill(ADMIN.username);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator('[data-error-code="AUTH_INVALID_CREDENTIALS"]').waitFor();
    await signIn(page, ADMIN);
    assert.match(await page.getByTestId("current-user").innerText(), /admin\s*admin/);
  });

  it("lists the active alerts, newest first, with severity chips", async () => {
    await page.locator(".alerts-table tbody tr").nth(SEED.length - 1).waitFor();
    assert.deepEqual(await rowTitles(page), SEED.map((a) => a.title).reverse());
    assert.deepEqual(await page.locator(".alerts-table tbody .chip.sev").allTextContents(), ["info", "warning", "major", "critical"]);
    await page.locator('[data-stream-state="live"]').waitFor();
    await page.screenshot({ path: join(SHOTS, "opsconductor-alerts.png") });
  });

  it("filters by severity, reflected in the URL", async () => {
    await page.locator('button[data-severity="critical"]').click();
    await page.waitForFunction(() => document.querySelectorAll(".alerts-table tbody tr").length === 1);
    assert.deepEqual(await rowTitles(page), ["core-sw-1 is down"]);
    assert.match(page.url(), /severity=critical/);
  });

  it("opens an alert, acknowledges it with the CSRF token, and the API agrees", async () => {
    await page.locator(".alerts-table tbody tr").first().click();
    const drawer = page.getByRole("dialog");
    await drawer.locator('.alert-detail[data-status="open"]').waitFor();
    assert.match(await drawer.locator(".timeline").innerText(), /created/i);
    const id = Number(await drawer.locator(".alert-detail").getAttribute("data-alert-id"));
    await drawer.getByLabel("Note").fill("on it");
    await drawer.getByRole("button", { name: "Acknowledge" }).click();
    await drawer.locator('.alert-detail[data-status="acknowledged"]').waitFor();
    await drawer.locator(".timeline .tl-acknowledged").waitFor();
    await page.screenshot({ path: join(SHOTS, "opsconductor-alert-drawer.png") });

    // The browser's own session (same cookie jar), straight to the API.
    const response = await context.request.get(`${daemon.url}/api/v1/alerts/${id}`);
    assert.equal(response.status(), 200);
    const body = await response.json() as { status: string; acknowledged_by: string };
    assert.equal(body.status, "acknowledged");
    assert.equal(body.acknowledged_by, "user:admin");
    // The list row followed without a reload.
    await page.locator(`.alerts-table tr[data-alert-id="${id}"] .status-acknowledged`).waitFor();
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
  });

  it("shows an alert ingested while watching, live over SSE, without a reload", async () => {
    await page.locator('button[data-severity="critical"]').click(); // severity filter off again
    await page.waitForFunction((n) => document.querySelectorAll(".alerts-table tbody tr").length === n, SEED.length);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    manager.ingest("eaton-1", [alert({
      connector_type: "eaton-ups", alert_type: "on_battery", severity: "critical", category: "power",
      title: "UPS-2 on battery", device_name: "ups-2", device_ip: "10.0.9.2",
    })]);
    await page.locator(".alerts-table tbody tr", { hasText: "UPS-2 on battery" }).waitFor();
    assert.equal((await rowTitles(page))[0], "UPS-2 on battery");
    assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true);
    await page.screenshot({ path: join(SHOTS, "opsconductor-alerts-live.png") });
  });

  it("shows the mapping tables, editable for an admin", async () => {
    await page.getByRole("link", { name: "Mappings" }).click();
    await page.getByRole("tab", { name: "Deduplication" }).click();
    await page.locator('[data-mapping-table="dedup"] tbody tr').first().waitFor();
    assert.match(await page.locator('[data-mapping-table="dedup"] tbody').innerText(), /alert_type_base/);
    await page.getByRole("tab", { name: "Severity" }).click();
    await page.getByRole("button", { name: "Add row" }).click();
    await page.getByLabel("Connector type").fill("prtg");
    await page.getByLabel("Alert type").fill("sensor_down");
    await page.getByLabel("Severity", { exact: true }).selectOption("major");
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator('[data-mapping-table="severity"] tbody tr', { hasText: "sensor_down" }).waitFor();
    await page.screenshot({ path: join(SHOTS, "opsconductor-mappings.png") });
  });

  it("shows the scheduler's jobs and the devices page", async () => {
    await page.getByRole("link", { name: "Scheduler" }).click();
    await page.locator('[data-table="jobs"] tbody tr').first().waitFor();
    assert.match(await page.locator('[data-table="jobs"]').innerText(), /alerts\.evaluate/);
    await page.screenshot({ path: join(SHOTS, "opsconductor-scheduler.png") });
    await page.getByRole("link", { name: "Devices" }).click();
    await page.getByText(/No devices yet/).waitFor();
  });

  it("follows the OS colour scheme; the theme button forces dark, then light, then follows the OS again", async () => {
    // The button's effect applies the theme after the render: wait for the colour, then compare.
    const settledBackground = async (expected: string) => {
      await page.waitForFunction((colour) => getComputedStyle(document.body).backgroundColor === colour, expected, { timeout: 2_000 }).catch(() => {});
      return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    };
    const DARK = "rgb(15, 20, 27)";
    const LIGHT = "rgb(244, 246, 249)";
    const toggle = page.getByRole("button", { name: /^Theme:/ });
    assert.equal(await toggle.getAttribute("aria-label"), "Theme: auto");
    assert.equal(await settledBackground(DARK), DARK, "the browser prefers dark");
    await page.emulateMedia({ colorScheme: "light" });
    assert.equal(await settledBackground(LIGHT), LIGHT, "the browser prefers light");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-label"), "Theme: dark");
    assert.equal(await settledBackground(DARK), DARK, "forced dark while the OS prefers light");
    await toggle.click();
    await page.emulateMedia({ colorScheme: "dark" });
    assert.equal(await settledBackground(LIGHT), LIGHT, "forced light while the OS prefers dark");
    await page.reload();
    await page.getByTestId("current-user").waitFor();
    assert.equal(await settledBackground(LIGHT), LIGHT, "the forced theme outlasts a reload");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-label"), "Theme: auto");
    assert.equal(await settledBackground(DARK), DARK, "back to following the OS");
  });

  it("logs out: back to the login page, and the session is gone", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    const me = await context.request.get(`${daemon.url}/api/v1/auth/me`);
    assert.equal(me.status(), 401);
  });

  it("gives a viewer no acknowledge/resolve buttons and read-only mappings", async () => {
    await signIn(page, VIEWER);
    assert.match(await page.getByTestId("current-user").innerText(), /vera\s*viewer/);
    await page.getByRole("link", { name: "Alerts" }).click();
    await page.locator(".alerts-table tbody tr").first().click();
    const drawer = page.getByRole("dialog");
    await drawer.locator(".alert-detail").waitFor();
    assert.equal(await drawer.getByRole("button", { name: /Acknowledge|Resolve/ }).count(), 0);
    await page.keyboard.press("Escape");
    await page.getByRole("link", { name: "Mappings" }).click();
    await page.locator("[data-mapping-table] tbody tr").first().waitFor();
    await page.getByText("read-only", { exact: true }).waitFor();
    assert.equal(await page.getByRole("button", { name: /Add row|Edit|Delete/ }).count(), 0);
    assert.deepEqual(pageErrors, [], "no uncaught errors in the page");
  });
});
