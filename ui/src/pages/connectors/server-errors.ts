import type { FieldErrors } from "./config-form.ts";

// The API's error body is `{code, message}` only, so the fields come from the message, which the
// host builds as "config is invalid: /targets/0/port must be integer; /passhash is required"
// (after an upgrade it adds " (for <addon> <version>); edit the connector to fix it").
const PROBLEM = /^(\/\S*) (.+)$/;
const UPGRADE_SUFFIX = / \(for [^)]*\)$/;

/** The field problems named by a CONNECTOR_CONFIG_INVALID message, keyed by JSON pointer; "/" is the config as a whole. */
export function fieldErrorsFromMessage(message: string): FieldErrors {
  const body = message.replace(/^config is invalid: /, "");
  const errors: FieldErrors = {};
  for (const part of body.split("; ")) {
    const match = PROBLEM.exec(part.trim());
    if (!match) continue;
    const [, pointer = "/", problem = ""] = match;
    const text = problem.replace(UPGRADE_SUFFIX, "");
    errors[pointer] = errors[pointer] ? `${errors[pointer]}; ${text}` : text;
  }
  return errors;
}
