import type { FromSchema } from "json-schema-to-ts";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { describeErrors, validatorFor } from "../schemas/validator.ts";

/** Where the signature lives inside a package. */
export const SIGNATURE_DIR = "SIGNATURE";
export const SIGNED_FILE_LIST_PATH = "SIGNATURE/files.json";
export const SIGNATURE_PATH = "SIGNATURE/files.json.sig";

/** JSON Schema of `SIGNATURE/files.json`. */
export const signedFileListSchema = {
  $id: "https://opsconductor.dev/schemas/signed-file-list.json",
  type: "object",
  required: ["id", "version", "keyId", "signedAt", "files"],
  properties: {
    id: { type: "string", minLength: 1, maxLength: 128 },
    version: { type: "string", minLength: 1, maxLength: 64 },
    keyId: { type: "string", pattern: "^[0-9a-f]{16}$" },
    signedAt: { type: "string", format: "date-time" },
    files: {
      type: "object",
      additionalProperties: {
        type: "object",
        required: ["sha256", "size"],
        properties: { sha256: { type: "string", pattern: "^[0-9a-f]{64}$" }, size: { type: "integer", minimum: 0 } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

/** What a signature covers: the addon id/version, the key, and every file's hash and size. */
export type SignedFileList = FromSchema<typeof signedFileListSchema>;

/**
 * True for `SIGNATURE/…` paths, which the signed list never covers.
 *
 * @example
 * isSignaturePath("SIGNATURE/files.json"); // true
 */
export function isSignaturePath(path: string): boolean {
  return path === SIGNATURE_DIR || path.startsWith(`${SIGNATURE_DIR}/`);
}

/**
 * Parses `SIGNATURE/files.json`; throws `ADDON_SIGNATURE_INVALID` if it is not
 * the expected JSON.
 *
 * @example
 * const list = parseSignedFileList(files.get(SIGNED_FILE_LIST_PATH)!);
 */
export function parseSignedFileList(bytes: Uint8Array): SignedFileList {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new OcError(SdkErrorCodes.ADDON_SIGNATURE_INVALID, `${SIGNED_FILE_LIST_PATH} is not valid JSON (${(error as Error).message})`);
  }
  const validate = validatorFor(signedFileListSchema);
  if (!validate(value)) {
    throw new OcError(SdkErrorCodes.ADDON_SIGNATURE_INVALID, `${SIGNED_FILE_LIST_PATH} is malformed: ${describeErrors(validate.errors)}`);
  }
  return value as SignedFileList;
}
