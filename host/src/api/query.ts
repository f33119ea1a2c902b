import type { Context } from "hono";
import type { ValidateFunction } from "ajv";
import { createAjv, describeErrors } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";

// Query strings are all text: this instance coerces "50" to 50 for integer fields.
const coercing = createAjv({ coerceTypes: true, useDefaults: true });
const compiled = new WeakMap<object, ValidateFunction>();

interface QuerySchema {
  properties: Record<string, { type?: string }>;
}

/**
 * Reads the query string into an object validated by `schema`. A field whose
 * schema is an array takes repeated (`?status=open&status=acknowledged`) and
 * comma-separated (`?status=open,acknowledged`) values alike.
 */
export function readQuery<T>(c: Context, schema: QuerySchema): T {
  const raw = c.req.queries();
  const value: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(raw)) {
    const property = schema.properties[name];
    if (property?.type === "array") {
      value[name] = values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
    } else {
      value[name] = values.at(-1);
    }
  }
  let validate = compiled.get(schema);
  if (!validate) {
    validate = coercing.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(value)) throw hostError("VALIDATION_FAILED", `query is invalid: ${describeErrors(validate.errors)}`);
  return value as T;
}

/** `limit` and `cursor`, shared by every paged list. */
export const pagingQueryProperties = {
  limit: { type: "integer", minimum: 1, maximum: 500, default: 50 },
  cursor: { type: "string", maxLength: 500 },
} as const;

/** Path parameter that must be a positive integer id; anything else is a 404 of `code`. */
export function idParam(c: Context, code: "NOT_FOUND" | "ALERT_NOT_FOUND" | "USER_NOT_FOUND" | "DEVICE_NOT_FOUND" | "MAPPING_NOT_FOUND" | "TOKEN_NOT_FOUND", name = "id"): number {
  const raw = c.req.param(name) ?? "";
  const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw hostError(code, `no such id: ${raw}`);
  return id;
}
