import { existsSync, lstatSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { generateSigningKeyPair } from "../package/keys.ts";
import { parseVerbArgs, usageError, type Command } from "./command.ts";
import { replaceAll } from "./replace-files.ts";

export const keygenCommand: Command = {
  name: "keygen",
  summary: "create an Ed25519 signing key pair NAME.key / NAME.pub",
  help: `Usage: oc-addon keygen --out NAME [--force]

Writes NAME.key (PKCS#8 PEM private key, mode 0600: keep it secret) and NAME.pub
(SPKI PEM public key: give it to the admins, "opsconductor trust add NAME.pub
--prefix P --level L"). Prints the key id (first 16 hex digits of the SHA-256 of
the raw public key). Refuses to overwrite existing files unless --force.`,

  async run(args, context) {
    const { values } = parseVerbArgs("keygen", args, { out: { type: "string" }, force: { type: "boolean" } });
    if (!values.out) throw usageError("keygen", "--out NAME is required");
    const keyPath = resolve(context.cwd, `${values.out}.key`);
    const pubPath = resolve(context.cwd, `${values.out}.pub`);
    for (const path of [keyPath, pubPath]) {
      if (!existsSync(path)) continue;
      if (!values.force) throw new OcError(SdkErrorCodes.CLI_EXISTS, `${path} already exists (use --force to replace it)`);
      if (!lstatSync(path).isFile()) throw new OcError(SdkErrorCodes.CLI_EXISTS, `${path} exists and is not a file: --force replaces key files only`);
    }
    const pair = generateSigningKeyPair();
    // Both written aside, then moved in: a failure leaves the old pair whole (and a replaced key gets mode 0600 too).
    const aside = [[keyPath, pair.privateKeyPem, 0o600], [pubPath, pair.publicKeyPem, 0o644]] as const;
    const temporary = (path: string) => `${path}.${process.pid}.tmp`;
    try {
      for (const [path, pem, mode] of aside) writeFileSync(temporary(path), pem, { mode, flag: "wx" });
      replaceAll(aside.map(([path]) => [temporary(path), path] as const));
    } finally {
      for (const [path] of aside) rmSync(temporary(path), { force: true });
    }
    context.out(`keyId ${pair.keyId}\nprivate key: ${keyPath} (keep it secret)\npublic key:  ${pubPath}\n`);
  },
};
