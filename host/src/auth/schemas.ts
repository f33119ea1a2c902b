import type { FromSchema } from "json-schema-to-ts";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password.ts";
import { ROLES } from "./roles.ts";

export const usernameSchema = {
  type: "string",
  minLength: 1,
  maxLength: 64,
  // Letters, digits and . _ @ - ; no spaces, so names are safe in logs and the audit trail.
  pattern: "^[A-Za-z0-9][A-Za-z0-9._@-]*$",
} as const;

export const newPasswordSchema = { type: "string", minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH } as const;

export const roleSchema = { type: "string", enum: ROLES } as const;

export const newUserSchema = {
  type: "object",
  required: ["username", "password", "role"],
  properties: { username: usernameSchema, password: newPasswordSchema, role: roleSchema },
  additionalProperties: false,
} as const;
export type NewUser = FromSchema<typeof newUserSchema>;
