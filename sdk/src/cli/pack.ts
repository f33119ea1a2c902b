import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { parseManifest } from "../manifest/validate.ts";
import { checkFileSet } from "../package/file-set.ts";
import { DEFAULT_PACKAGE_LIMITS } from "../package/limits.ts";
import { SIGNED_FILE_LIST_PATH, parseSignedFileList } from "../package/signed-file-list.ts";
import { readZipSafely } from "../package/zip/read-zip.ts";
import { writePackageZip } from "../package/zip/write-zip.ts";
import { ADDON_PATHS, readTree, requireExists } from "./addon-dir.ts";
import { parseVerbArgs, type Command } from "./command.ts";

export const packCommand: Command = {
  name: "pack",
  summary: "zip build/ into dist/ID-VERSION.zip",
  help: `Usage: oc-addon pack [--unsigned]

Zips build/ into dist/ID-VERSION.zip (sorted entries, fixed timestamps: the same
build packs to the same bytes). build/ must be signed (oc-addon sign) and
unchanged since: a file changed, added or removed after signing fails here with
the verifier's code. --unsigned packs without a signature (dev mode only).`,

  async run(args, context) {
    const { values } = parseVerbArgs("pack", args, { unsigned: { type: "boolean" } });
    const buildDir = join(context.cwd, ADDON_PATHS.build);
    requireExists(buildDir, "run oc-addon build (and oc-addon sign) first");
    const files = readTree(buildDir);
    const manifestBytes = files.get("manifest.json");
    if (!manifestBytes) throw new OcError(SdkErrorCodes.CLI_NOT_FOUND, "build/manifest.json is missing: run oc-addon build first");
    const manifest = parseManifest(manifestBytes);
    const list = files.get(SIGNED_FILE_LIST_PATH);
    if (list) {
      checkFileSet(files, parseSignedFileList(list));
    } else if (!values.unsigned) {
      throw new OcError(SdkErrorCodes.ADDON_SIGNATURE_MISSING, "build/ is not signed: run oc-addon sign --key NAME.key (or pack --unsigned for dev mode)");
    }
    const zip = writePackageZip(files);
    readZipSafely(zip, DEFAULT_PACKAGE_LIMITS);
    const distDir = join(context.cwd, ADDON_PATHS.dist);
    mkdirSync(distDir, { recursive: true });
    const name = `${manifest.id}-${manifest.version}.zip`;
    writeFileSync(join(distDir, name), zip);
    context.out(`packed dist/${name} (${files.size} files, ${zip.length} bytes${list ? "" : ", UNSIGNED"})\n`);
  },
};
