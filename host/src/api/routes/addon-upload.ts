import type { Context } from "hono";
import { hostError } from "../../errors.ts";

const ZIP_TYPES = /^application\/(zip|x-zip-compressed|octet-stream)\b/i;

/**
 * The package of POST /addons/install: the raw zip as the body (`Content-Type:
 * application/zip`), or a multipart form's `file` field (a browser upload).
 */
export async function readUploadedZip(c: Context): Promise<Uint8Array> {
  const type = c.req.header("content-type") ?? "";
  let bytes: Uint8Array;
  if (ZIP_TYPES.test(type)) {
    bytes = new Uint8Array(await c.req.arrayBuffer());
  } else if (/^multipart\/form-data\b/i.test(type)) {
    const file = (await c.req.formData()).get("file");
    if (!(file instanceof Blob)) throw hostError("ADDON_UPLOAD_INVALID", "the multipart form has no `file` field holding the package");
    bytes = new Uint8Array(await file.arrayBuffer());
  } else {
    throw hostError("BODY_UNSUPPORTED_MEDIA_TYPE", "send the package as Content-Type: application/zip, or as the `file` field of a multipart form");
  }
  if (bytes.byteLength === 0) throw hostError("ADDON_UPLOAD_INVALID", "the upload is empty");
  return bytes;
}
