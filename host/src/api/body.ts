import type { Context } from "hono";
import { assertValid } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import { nestsDeeperThan } from "../util/nesting.ts";

/**
 * How deep a request body may nest, as a webhook body (the guest dispatcher's limit). Schemas
 * that allow extra properties (a connector's target items) do not look inside them, and what
 * is stored is JSON.stringify'd, which recurses: 10,000 levels would overflow it into a 500.
 */
export const MAX_BODY_NESTING = 32;

/**
 * Reads a JSON body and validates it against `schema` (ajv). An empty body is `{}`,
 * so endpoints whose fields are all optional accept a bare POST. The size cap is
 * enforced before this by the body-limit middleware; one nesting deeper than
 * {@link MAX_BODY_NESTING} is VALIDATION_FAILED.
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
    if (nestsDeeperThan(value, MAX_BODY_NESTING)) {
      throw hostError("VALIDATION_FAILED", `the request body nests deeper than ${MAX_BODY_NESTING} levels`, { max_nesting: MAX_BODY_NESTING });
    }
  }
  return assertValid<T>(schema, value, "VALIDATION_FAILED", "request body");
}
