import type { InputField } from "./schema-fields.ts";

/** What an input holds: text (numbers too, until checked) or a checkbox's state. */
export type InputValue = string | boolean;

/** A checked input: its config value (undefined: leave the property out) or why it is refused. */
export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** What an input shows for a config value (or the field's default when the value is absent). */
export function toInputValue(field: InputField, value: unknown): InputValue {
  const shown = value === undefined ? field.default : value;
  if (field.type === "boolean") return shown === true;
  if (field.type === "list") return Array.isArray(shown) ? shown.join(", ") : "";
  return shown === undefined || shown === null ? "" : String(shown);
}

function range(field: InputField): string | undefined {
  const { minimum, maximum } = field;
  if (minimum !== undefined && maximum !== undefined) return `from ${minimum} to ${maximum}`;
  if (minimum !== undefined) return `at least ${minimum}`;
  if (maximum !== undefined) return `at most ${maximum}`;
  return undefined;
}

function checkNumber(field: InputField, value: number, what: string): Parsed {
  const outside = (field.minimum !== undefined && value < field.minimum) || (field.maximum !== undefined && value > field.maximum);
  if (outside) return { ok: false, error: `${what} ${range(field)}` };
  if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum) return { ok: false, error: `more than ${field.exclusiveMinimum}` };
  if (field.exclusiveMaximum !== undefined && value >= field.exclusiveMaximum) return { ok: false, error: `less than ${field.exclusiveMaximum}` };
  return { ok: true, value };
}

/** Whether `value` matches the schema's pattern; a pattern this browser cannot compile is left to the host's check. */
function matches(pattern: string, value: string): boolean {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "u");
  } catch {
    return true;
  }
  return regex.test(value);
}

function checkString(field: InputField, value: string): Parsed {
  const length = [...value].length;
  if (field.minLength !== undefined && length < field.minLength) return { ok: false, error: `at least ${field.minLength} characters` };
  if (field.maxLength !== undefined && length > field.maxLength) return { ok: false, error: `at most ${field.maxLength} characters` };
  if (field.pattern !== undefined && !matches(field.pattern, value)) return { ok: false, error: `must match ${field.pattern}` };
  return { ok: true, value };
}

/**
 * Checks one input the way the host's ajv will (type, range, length, pattern, enum) and gives
 * its config value. An empty input is left out (the schema's default applies), or "required".
 */
export function parseInput(field: InputField, raw: InputValue): Parsed {
  if (field.type === "boolean") return { ok: true, value: raw === true };
  // Secrets are taken as typed: leading or trailing spaces may be part of a password.
  const input = typeof raw === "string" ? (field.sensitive ? raw : raw.trim()) : "";
  if (input === "") return field.required ? { ok: false, error: "required" } : { ok: true, value: undefined };
  switch (field.type) {
    case "integer":
      return /^-?\d+$/.test(input) && Number.isSafeInteger(Number(input))
        ? checkNumber(field, Number(input), "a whole number")
        : { ok: false, error: `a whole number${range(field) ? ` ${range(field)}` : ""}` };
    case "number": {
      const value = Number(input);
      return Number.isFinite(value) ? checkNumber(field, value, "a number") : { ok: false, error: `a number${range(field) ? ` ${range(field)}` : ""}` };
    }
    case "enum": {
      const option = field.options.find((candidate) => String(candidate) === input);
      return option === undefined ? { ok: false, error: `one of ${field.options.join(", ")}` } : { ok: true, value: option };
    }
    case "list": {
      const items = [...new Set(input.split(/[,\n]/).map((item) => item.trim()).filter((item) => item !== ""))];
      return items.length === 0 && field.required ? { ok: false, error: "required" } : { ok: true, value: items };
    }
    default:
      return checkString(field, input);
  }
}
