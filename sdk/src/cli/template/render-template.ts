import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { AddonCategory } from "../../manifest/schema.ts";
import { OPSCONDUCTOR_VERSION } from "../../manifest/core-version.ts";

const FILES_DIR = fileURLToPath(new URL("./files/", import.meta.url));

/** What the template is filled with. */
export interface TemplateValues {
  id: string;
  category: AddonCategory;
  name?: string;
  publisher?: string;
}

/**
 * `acme.ups-snmp` → `UpsSnmp`: the class-name prefix of the generated connector and normalizer.
 *
 * @example
 * classPrefixOf("opsconductor.eaton-ups"); // "EatonUps"
 */
export function classPrefixOf(id: string): string {
  const words = (id.split(".").at(-1) ?? id).split("-").filter(Boolean);
  const prefix = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return /^[A-Za-z]/.test(prefix) ? prefix : `Addon${prefix}`;
}

function titleOf(id: string): string {
  return (id.split(".").at(-1) ?? id).split("-").map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ");
}

function publisherOf(id: string): string {
  const first = id.split(".")[0]!;
  return first[0]!.toUpperCase() + first.slice(1);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/**
 * The files of a new addon (relative path → text): the common ones plus the
 * category's connector, manifest, seed and fixtures, placeholders filled in.
 *
 * @example
 * renderTemplate({ id: "acme.ups", category: "device" }).get("manifest.json");
 */
export function renderTemplate(values: TemplateValues): Map<string, string> {
  const replacements: Array<[string, string]> = [
    ["TemplateAddon", classPrefixOf(values.id)],
    ["__ADDON_ID__", values.id],
    ["__ADDON_NAME__", JSON.stringify(values.name ?? titleOf(values.id)).slice(1, -1)],
    ["__PUBLISHER__", JSON.stringify(values.publisher ?? publisherOf(values.id)).slice(1, -1)],
    ["__CORE_RANGE__", `^${OPSCONDUCTOR_VERSION}`],
    ["__CATEGORY__", values.category === "nms" ? "NMS" : "device"],
  ];
  const files = new Map<string, string>();
  for (const layer of ["common", values.category]) {
    const root = join(FILES_DIR, layer);
    for (const path of listFiles(root)) {
      let text = readFileSync(path, "utf8");
      for (const [placeholder, value] of replacements) text = text.replaceAll(placeholder, value);
      files.set(relative(root, path).split(sep).join("/"), text);
    }
  }
  return files;
}
