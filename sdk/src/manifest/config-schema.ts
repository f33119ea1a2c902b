import { setFlagsFromString } from "node:v8";
import type { Ajv, ValidateFunction } from "ajv";
import type { RegExpEngine } from "ajv/dist/types/index.js";
import { createAjv } from "../schemas/validator.ts";

// An addon's `pattern`s run on the daemon's event loop against what admins type: one such as
// `^([a-z0-9]+-?)*$` takes minutes on a 40-character mistake with a backtracking engine, and the
// daemon with it. With this V8 flag a regular expression that backtracks too long (50,000 times)
// finishes on V8's linear-time engine instead, with the same answer; it applies to expressions
// without the `u` flag (and to what that engine supports: no backreferences or lookaround), so
// config patterns are compiled without `u`, and one that needs it (`\p{…}`, `\u{…}`) is refused.
const patternRegExp: RegExpEngine = Object.assign(
  (source: string, flags: string) => {
    if (/\\[pP]\{|\\u\{/.test(source)) {
      throw new SyntaxError(`the pattern /${source}/ uses \\p{…} or \\u{…}, which need the u flag: config patterns run without it`);
    }
    return new RegExp(source, flags.replace("u", ""));
  },
  { code: "patternRegExp" },
);

// One ajv for every addon's config schema (an instance costs ~7 ms and a few MB to build), and
// one validator per schema text: the manifest check and the host compile each schema once.
let sharedAjv: Ajv | undefined;

/** Built at the first config schema, not at import: every process importing the SDK would pay for it. */
function shared(): Ajv {
  if (sharedAjv === undefined) {
    setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
    sharedAjv = createAjv({ useDefaults: true, regExp: patternRegExp });
  }
  return sharedAjv;
}
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
      validate = shared().compile(JSON.parse(text) as object);
    } catch (error) {
      if (!/already exists/.test((error as Error).message)) throw error;
      validate = createAjv({ useDefaults: true, regExp: patternRegExp }).compile(JSON.parse(text) as object);
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
    const ajv = shared();
    if (!ajv.validateSchema(schema)) return `is not a valid JSON Schema: ${ajv.errorsText(ajv.errors, { dataVar: "config_schema" })}`;
    const validate = compileConfigSchema(schema);
    // An $async validator answers a promise, which the host would take for "valid".
    if ((validate as { $async?: boolean }).$async) return "must not be $async: the host checks configs synchronously";
    // The verdict does not matter (an empty config may well lack required fields), only that there is one.
    validate({});
    return undefined;
  } catch (error) {
    if (error instanceof RangeError) return "cannot be used to check a config: it refers to itself or nests too deeply (the stack overflowed)";
    const message = error instanceof Error ? error.message : String(error);
    return `cannot be used to check a config: ${message}`;
  }
}
