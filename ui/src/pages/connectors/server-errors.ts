import type { ConfigFieldProblem } from "../../api/connectors.ts";
import type { ApiError } from "../../api/errors.ts";
import type { FieldErrors } from "./config-form.ts";

/** The form's key for the config as a whole (a rule across fields); the host's pointer for it is "". */
const WHOLE_CONFIG = "/";

function add(errors: FieldErrors, pointer: string, text: string): void {
  const key = pointer === "" ? WHOLE_CONFIG : pointer;
  errors[key] = errors[key] ? `${errors[key]}; ${text}` : text;
}

function isProblem(value: unknown): value is ConfigFieldProblem {
  const problem = value as Partial<ConfigFieldProblem> | null;
  return typeof problem === "object" && problem !== null && typeof problem.pointer === "string" && typeof problem.message === "string";
}

/** The field problems of CONNECTOR_CONFIG_INVALID's `details.fields`, keyed by JSON pointer; undefined when it has none. */
export function fieldErrorsFromDetails(details: Readonly<Record<string, unknown>> | undefined): FieldErrors | undefined {
  const fields = details?.fields;
  if (!Array.isArray(fields) || !fields.every(isProblem)) return undefined;
  const errors: FieldErrors = {};
  for (const problem of fields) add(errors, problem.pointer, problem.message);
  return errors;
}

// A connector's status carries code and message only, so a config that stopped fitting after an
// upgrade is read from its message: "config is invalid: /targets/0/port must be integer; /passhash
// is required (for <addon> <version>); edit the connector to fix it".
const PROBLEM = /^(\/\S*) (.+)$/;
const UPGRADE_SUFFIX = / \(for [^)]*\)$/;

/** The field problems named by a CONNECTOR_CONFIG_INVALID message, keyed by JSON pointer; "/" is the config as a whole. */
export function fieldErrorsFromMessage(message: string): FieldErrors {
  const body = message.replace(/^config is invalid: /, "");
  const errors: FieldErrors = {};
  for (const part of body.split("; ")) {
    const match = PROBLEM.exec(part.trim());
    if (!match) continue;
    const [, pointer = WHOLE_CONFIG, problem = ""] = match;
    add(errors, pointer, problem.replace(UPGRADE_SUFFIX, ""));
  }
  return errors;
}

/** The field problems of a refused save: from the error's details, else (the message parser exists anyway) from its message. */
export function fieldErrorsOf(error: ApiError): FieldErrors {
  return fieldErrorsFromDetails(error.details) ?? fieldErrorsFromMessage(error.message);
}
