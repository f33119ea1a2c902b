import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { ADDON_CATEGORIES, ADDON_ID_PATTERN, type AddonCategory } from "../manifest/schema.ts";
import { validateManifest } from "../manifest/validate.ts";
import { parseVerbArgs, usageError, type Command } from "./command.ts";
import { renderTemplate } from "./template/render-template.ts";

export const initCommand: Command = {
  name: "init",
  summary: "create ./ID/ with a working addon template",
  help: `Usage: oc-addon init ID --category nms|device [--name NAME] [--publisher NAME]

Creates ./ID/ with a working addon: manifest.json, src/ (a connector extending
BaseConnector and a normalizer extending BaseNormalizer, exported with
defineAddon), seed/mappings.json, fixtures/example.json, migrations/001_init.sql,
assets/icon.svg and README.md. "oc-addon test" passes in it right away.

  ID                 reverse-DNS-ish id, e.g. acme.ups-snmp
  --category         nms (an NMS's HTTP API) or device (SNMP interface state)
  --name NAME        display name (default: from the id)
  --publisher NAME   publisher (default: from the id's first label)`,

  async run(args, context) {
    const { values, positionals } = parseVerbArgs("init", args, {
      category: { type: "string" }, name: { type: "string" }, publisher: { type: "string" },
    }, 1);
    const id = positionals[0];
    if (!id) throw usageError("init", "the addon ID is required");
    if (!new RegExp(ADDON_ID_PATTERN).test(id)) throw usageError("init", `"${id}" is not a valid addon id (lower case, dotted, e.g. acme.ups-snmp)`);
    const category = values.category as AddonCategory | undefined;
    if (!category || !ADDON_CATEGORIES.includes(category)) throw usageError("init", "--category must be nms or device");
    const target = join(context.cwd, id);
    if (existsSync(target)) throw new OcError(SdkErrorCodes.CLI_EXISTS, `${target} already exists`);
    const files = renderTemplate({ id, category, name: values.name, publisher: values.publisher });
    // What --name and --publisher put in the manifest must pass its schema, or the new addon would fail its first test.
    try {
      validateManifest(JSON.parse(files.get("manifest.json")!));
    } catch (error) {
      throw usageError("init", `--name or --publisher: ${(error as Error).message}`);
    }
    for (const [path, text] of files) {
      mkdirSync(dirname(join(target, path)), { recursive: true });
      writeFileSync(join(target, path), text);
    }
    context.out(`created ${id}/ (${files.size} files, ${category} addon)\nnext: cd ${id} && oc-addon test && oc-addon build\n`);
  },
};
