import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { signPackageFiles } from "../package/sign.ts";
import { SIGNATURE_DIR, SIGNATURE_PATH, SIGNED_FILE_LIST_PATH, isSignaturePath } from "../package/signed-file-list.ts";
import { ADDON_PATHS, readTree, requireExists } from "./addon-dir.ts";
import { parseVerbArgs, usageError, type Command } from "./command.ts";

export const signCommand: Command = {
  name: "sign",
  summary: "sign build/ with NAME.key (writes build/SIGNATURE/)",
  help: `Usage: oc-addon sign --key NAME.key

Signs every file in build/ (run oc-addon build first): writes
build/SIGNATURE/files.json ({id, version, keyId, signedAt, files: {path:
{sha256, size}}}) and build/SIGNATURE/files.json.sig (base64 Ed25519 signature
of files.json's exact bytes). A previous signature is replaced.`,

  async run(args, context) {
    const { values } = parseVerbArgs("sign", args, { key: { type: "string" } });
    if (!values.key) throw usageError("sign", "--key NAME.key is required");
    const keyPath = resolve(context.cwd, values.key);
    requireExists(keyPath, "create a key with oc-addon keygen --out NAME");
    if ((statSync(keyPath).mode & 0o077) !== 0) context.err(`warning: ${keyPath} is readable by other users; chmod 600 it\n`);
    const buildDir = join(context.cwd, ADDON_PATHS.build);
    requireExists(buildDir, "run oc-addon build first");
    const files = new Map([...readTree(buildDir)].filter(([path]) => !isSignaturePath(path)));
    if (files.size === 0) throw new OcError(SdkErrorCodes.CLI_NOT_FOUND, "build/ is empty: run oc-addon build first");
    const signature = signPackageFiles(files, readFileSync(keyPath, "utf8"));
    rmSync(join(buildDir, SIGNATURE_DIR), { recursive: true, force: true });
    mkdirSync(join(buildDir, SIGNATURE_DIR));
    writeFileSync(join(buildDir, SIGNED_FILE_LIST_PATH), signature.fileList);
    writeFileSync(join(buildDir, SIGNATURE_PATH), signature.signature);
    context.out(`signed ${files.size} files with key ${signature.keyId}\n`);
  },
};
