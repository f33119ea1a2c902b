import type { ErrorObject } from "ajv";

/**
 * One failing field of a connector config, as CONNECTOR_CONFIG_INVALID's `details.fields` lists
 * it: `pointer` is an RFC 6901 JSON Pointer into the config ("" is the config as a whole, for
 * rules across fields), `message` says what is wrong without repeating the value (it may be a secret).
 */
export interface ConfigFieldProblem {
  pointer: string;
  message: string;
}

function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The problems of ajv's errors: a missing or unexpected property is named by its own pointer, not its parent's. */
export function configProblems(errors: readonly ErrorObject[] | null | undefined): ConfigFieldProblem[] {
  // An if/then/else adds 'must match "else" schema' beside the failing branch's own errors, which say what to do.
  return (errors ?? []).filter((error) => error.keyword !== "if").map((error) => {
    if (error.keyword === "required") {
      return { pointer: `${error.instancePath}/${escapeToken(String(error.params.missingProperty))}`, message: "is required" };
    }
    if (error.keyword === "additionalProperties") {
      return { pointer: `${error.instancePath}/${escapeToken(String(error.params.additionalProperty))}`, message: "is not allowed" };
    }
    if (error.keyword === "enum") {
      return { pointer: error.instancePath, message: `must be one of ${(error.params.allowedValues as unknown[]).join(", ")}` };
    }
    return { pointer: error.instancePath, message: error.message ?? "is invalid" };
  });
}

/** "/targets/0/port must be integer; /passhash is required": the message's form of the problems ("/" for the whole config). */
export function describeProblems(problems: readonly ConfigFieldProblem[]): string {
  return problems.map((problem) => `${problem.pointer || "/"} ${problem.message}`).join("; ") || "invalid";
}
