import type { Context } from "hono";
import { assertValid } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";

/**
 * Reads a JSON body and validates it against `schema` (ajv). An empty body is `{}`,
 * so endpoints whose fields are all optional accept a bare POST. The size cap is
 * enforced before this by the body-limit middleware.
 */
export async function readBody<T>(c: Context, schema: object): Promise<T> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== "") {
    // A JSON-only API also refuses the form posts a cross-site page could forge without CORS.
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
      throw hostError("BODY_UNSUPPORTED_MEDIA_TYPE", "request bodies must be JSON (Content-Type: application/json)");
    }
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw hostError("BODY_INVALID_JSON", `the request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  return assertValid<T>(schema, value, "VALIDATION_FAILED", "request body");
}
