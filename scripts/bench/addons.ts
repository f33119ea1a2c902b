// Addon platform figures, measured in a child process (see addons-child.ts).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { record } from "./report.ts";

export async function benchAddons(): Promise<void> {
  const child = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(new URL("./addons-child.ts", import.meta.url))], {
    encoding: "utf8", maxBuffer: 16 * 2 ** 20,
  });
  const line = child.stdout.trim().split("\n").at(-1) ?? "";
  if (child.status !== 0 || !line.startsWith("{")) throw new Error(`addons bench failed: ${child.stderr || child.stdout}`);
  const figures = JSON.parse(line) as Record<string, number>;
  record({ section: "addons", name: "install-to-active, signed addon (first)", value: figures.firstInstallMs!, unit: "ms" });
  record({ section: "addons", name: "install-to-active, signed addon (median of 12)", value: figures.medianInstallMs!, unit: "ms", note: `max ${Math.round(figures.maxInstallMs!)} ms` });
  record({ section: "addons", name: "RSS with 12 addons loaded, 1 instance each", value: figures.rssLoadedMb!, unit: "MB", note: `${Math.round(figures.rssBeforeMb!)} MB before installing` });
}
