import { setFlagsFromString } from "node:v8";
import type { ValidateFunction } from "ajv";
import type { RegExpEngine } from "ajv/dist/types/index.js";
import { createAjv } from "../schemas/validator.ts";

// An addon's `pattern`s run on the daemon's event loop against what admins type: one such as
// `^([a-z0-9]+-?)*$` takes minutes on a 40-character mistake with a backtracking engine, and the
// daemon with it. V8's linear-time engine (the RegExp `l` flag, behind this flag) cannot backtrack:
// it refuses backreferences, lookaround and the `u` flag, so a pattern that needs them is refused
// at the manifest check, where the author sees it.
setFlagsFromString("--enable-experimental-regexp-engine");
const linearRegExp: RegExpEngine = Object.assign(
  (source: string, flags: string) => {
    // Without `u`, `\p{L}` would quietly mean the letters "p{L}": refused instead, as the engine refuses a backreference.
    if (/\\[pP]\{|\\u\{/.test(source)) throw new SyntaxError(`Invalid regular expression: /${source}/: Cannot be executed in linear time`);
    return new RegExp(source, `${flags.replace("u", "")}l`);
  },
  { code: "linearRegExp" },
);

// One ajv for every addon's config schema (an instance costs ~7 ms and a few MB to build), and
// one validator per schema text: the manifest check and the host compile each schema once.
const shared = createAjv({ useDefaults: true, regExp: linearRegExp });
const validators = new Map<string, ValidateFunction>();

/**
 * The validator of connector configs against an addon's `config_schema`, exactly as the host
 * runs it: the project's ajv with the schema's defaults applied. A schema whose `$id`s another
 * schema already took (another addon's, another version's) gets an ajv of its own, so the
 * two never clash.
 *
 * @example
 * const validate = compileConfigSchema(manifest.config_schema);
 * if (!validate(config)) console.log(describeErrors(validate.errors));
 */
export function compileConfigSchema(schema: object): ValidateFunction {
  const text = JSON.stringify(schema);
  let validate = validators.get(text);
  if (validate === undefined) {
    try {
      validate = shared.compile(JSON.parse(text) as object);
    } catch (error) {
      if (!/already exists/.test((error as Error).message)) throw error;
      validate = createAjv({ useDefaults: true, regExp: linearRegExp }).compile(JSON.parse(text) as object);
    }
    validators.set(text, validate);
  }
  return validate;
}

/**
 * Why the host could not check connector configs against `schema`, or undefined when it can:
 * not a JSON Schema, not compilable (an unresolvable `$ref`), or compiling or checking an empty
 * config overflows the stack (a `$ref` that refers to itself, a schema nested thousands deep).
 * Found at the manifest check, such a schema is refused before install; found later, every
 * create of a connector would fail.
 */
export function configSchemaProblem(schema: object): string | undefined {
  try {
    if (!shared.validateSchema(schema)) return `is not a valid JSON Schema: ${shared.errorsText(shared.errors, { dataVar: "config_schema" })}`;
    const validate = compileConfigSchema(schema);
    // An $async validator answers a promise, which the host would take for "valid".
    if ((validate as { $async?: boolean }).$async) return "must not be $async: the host checks configs synchronously";
    // The verdict does not matter (an empty config may well lack required fields), only that there is one.
    validate({});
    return undefined;
  } catch (error) {
    if (error instanceof RangeError) return "cannot be used to check a config: it refers to itself or nests too deeply (the stack overflowed)";
    const message = error instanceof Error ? error.message : String(error);
    if (/linear time/.test(message)) {
      return `has a pattern that needs backtracking (a backreference, lookahead or lookbehind, or a \\p{…} class): patterns run in linear time here, so that a bad one cannot stop the daemon (${message})`;
    }
    return `cannot be used to check a config: ${message}`;
  }
}
