// Shared set-up of the browser tests: Debian's chromium driven by playwright-core, users created
// the way an operator does, and signing in through the login page.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { runUser } from "../../host/src/cli/commands/user.ts";

export const CHROMIUM = "/usr/bin/chromium";

/** `describe(..., { skip })`: false, or why the browser tests cannot run here. */
export const skipWithoutChromium: false | string = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser test`;

/** Where screenshots go (OC_UI_SCREENSHOTS, else the temp dir). */
export const SHOTS = process.env.OC_UI_SCREENSHOTS ?? tmpdir();

export interface Credentials {
  username: string;
  password: string;
}

/** Runs an `opsconductor` verb in-process, as an operator at the shell would; fails the test on a non-zero exit. */
export async function runCli(run: typeof runUser, args: string[], cwd: string, stdin = ""): Promise<void> {
  let out = "";
  const code = await run(args, {
    stdin: Readable.from([stdin]),
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (out += text) },
    env: {},
    cwd,
  });
  assert.equal(code, 0, out);
}

/** Creates a user the way an operator does: `opsconductor user add NAME --role R --password-stdin`. */
export function addUser(dataDir: string, user: Credentials, role: string): Promise<void> {
  return runCli(runUser, ["add", user.username, "--role", role, "--password-stdin", "--data", dataDir], dataDir, `${user.password}\n`);
}

export async function signIn(page: Page, user: Credentials): Promise<void> {
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("current-user").waitFor();
}

/** A headless chromium with a profile in `workDir` and its first page; the page's uncaught errors go to `pageErrors`. */
export async function openBrowser(workDir: string, pageErrors: string[], options: { width?: number; height?: number; colorScheme?: "dark" | "light" } = {}):
  Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(join(workDir, "chromium-profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: { width: options.width ?? 1440, height: options.height ?? 860 },
    ...(options.colorScheme && { colorScheme: options.colorScheme }),
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return { context, page };
}
