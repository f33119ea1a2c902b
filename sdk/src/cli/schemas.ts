import { resolve } from "node:path";
import { writePublishedSchemas } from "../manifest/publish-schemas.ts";
import { parseVerbArgs, type Command } from "./command.ts";

export const schemasCommand: Command = {
  name: "schemas",
  summary: "write the SDK's JSON Schemas (manifest, seed, fixtures, alerts)",
  help: `Usage: oc-addon schemas [--out DIR]

Writes the SDK's JSON Schemas into DIR (default: ./schemas), for editors and
other tools: manifest.schema.json, seed-mappings.schema.json,
fixture.schema.json, raw-event.schema.json, normalized-alert.schema.json and
mapping-snapshot.schema.json. The SDK's published
copy lives in sdk/schemas/ (regenerate: oc-addon schemas --out sdk/schemas).`,

  async run(args, context) {
    const { values } = parseVerbArgs("schemas", args, { out: { type: "string" } });
    for (const path of writePublishedSchemas(resolve(context.cwd, values.out ?? "schemas"))) context.out(`wrote ${path}\n`);
  },
};
