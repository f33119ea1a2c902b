import type { SchemaNode } from "../../api/connectors.ts";

/** How one scalar input is edited and checked. `list`: an array of strings, typed comma-separated. */
export type InputType = "string" | "integer" | "number" | "boolean" | "enum" | "list";

interface FieldBase {
  /** The property's name in its object. */
  key: string;
  title: string;
  description: string | undefined;
  required: boolean;
  /** The `x-widget` hint (targets, credentials, poll-interval, thresholds, options), when given. */
  widget: string | undefined;
}

export interface InputField extends FieldBase {
  kind: "input";
  type: InputType;
  /** Write-only secret: a password input, never filled from the API. */
  sensitive: boolean;
  /** The allowed values of an `enum`. */
  options: readonly unknown[];
  default: unknown;
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  pattern: string | undefined;
}

/** An array of objects of scalars (the `targets` widget): a list of rows. */
export interface RowsField extends FieldBase {
  kind: "rows";
  columns: InputField[];
  minItems: number | undefined;
  maxItems: number | undefined;
}

/** An object of scalars (thresholds, options): a fieldset. */
export interface GroupField extends FieldBase {
  kind: "group";
  fields: InputField[];
}

/** Anything the form cannot break down (nested arrays, `oneOf`…): edited as JSON text. */
export interface JsonField extends FieldBase {
  kind: "json";
  default: unknown;
}

export type ConfigField = InputField | RowsField | GroupField | JsonField;

// A target's usual columns come first, in the order operators read them; the addon's own follow.
const TARGET_COLUMN_ORDER = ["id", "host", "port", "name"];

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function propertiesOf(node: SchemaNode): Array<[string, SchemaNode]> {
  const properties = node.properties;
  if (typeof properties !== "object" || properties === null) return [];
  return Object.entries(properties as Record<string, unknown>)
    .filter((entry): entry is [string, SchemaNode] => typeof entry[1] === "object" && entry[1] !== null);
}

function requiredOf(node: SchemaNode): string[] {
  return Array.isArray(node.required) ? node.required.filter((name): name is string => typeof name === "string") : [];
}

/** "poll_interval_s" → "Poll interval s": the label of a property without a title. */
export function humanize(key: string): string {
  const words = key.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isScalarEnum(node: SchemaNode): boolean {
  return Array.isArray(node.enum) && node.enum.length > 0 && node.enum.every((value) => value === null || typeof value !== "object");
}

/** The input type of a scalar schema node, or undefined when it is not one. */
function inputTypeOf(node: SchemaNode): InputType | undefined {
  if (isScalarEnum(node)) return "enum";
  switch (node.type) {
    case "string": case "integer": case "number": case "boolean": return node.type;
    case "array": {
      const items = node.items as SchemaNode | undefined;
      return items && items.type === "string" && !isScalarEnum(items) ? "list" : undefined;
    }
    default: return undefined;
  }
}

function base(key: string, node: SchemaNode, required: boolean): FieldBase {
  return { key, title: text(node.title) ?? humanize(key), description: text(node.description), required, widget: text(node["x-widget"]) };
}

function inputField(key: string, node: SchemaNode, required: boolean, type: InputType): InputField {
  return {
    ...base(key, node, required), kind: "input", type, sensitive: node.sensitive === true,
    options: type === "enum" ? (node.enum as unknown[]) : [], default: node.default,
    minimum: num(node.minimum), maximum: num(node.maximum), exclusiveMinimum: num(node.exclusiveMinimum), exclusiveMaximum: num(node.exclusiveMaximum),
    minLength: num(node.minLength), maxLength: num(node.maxLength), pattern: text(node.pattern),
  };
}

/** The scalar properties of an object node as inputs, or undefined when one of them is not a scalar. */
function scalarFieldsOf(node: SchemaNode): InputField[] | undefined {
  const required = requiredOf(node);
  const fields: InputField[] = [];
  for (const [key, child] of propertiesOf(node)) {
    const type = inputTypeOf(child);
    if (!type) return undefined;
    fields.push(inputField(key, child, required.includes(key), type));
  }
  return fields;
}

function targetOrder(columns: InputField[]): InputField[] {
  const rank = (column: InputField) => {
    const at = TARGET_COLUMN_ORDER.indexOf(column.key);
    return at === -1 ? TARGET_COLUMN_ORDER.length : at;
  };
  return columns.map((column, index) => ({ column, index }))
    .sort((a, b) => rank(a.column) - rank(b.column) || a.index - b.index)
    .map(({ column }) => column);
}

function fieldOf(key: string, node: SchemaNode, required: boolean): ConfigField {
  const type = inputTypeOf(node);
  if (type) return inputField(key, node, required, type);
  const items = node.items as SchemaNode | undefined;
  if (node.type === "array" && items && items.type === "object") {
    const columns = scalarFieldsOf(items);
    if (columns && columns.length > 0) {
      const fieldBase = base(key, node, required);
      return {
        ...fieldBase, kind: "rows", columns: fieldBase.widget === "targets" ? targetOrder(columns) : columns,
        minItems: num(node.minItems), maxItems: num(node.maxItems),
      };
    }
  }
  if (node.type === "object") {
    const fields = scalarFieldsOf(node);
    if (fields && fields.length > 0) return { ...base(key, node, required), kind: "group", fields };
  }
  return { ...base(key, node, required), kind: "json", default: node.default };
}

/** The form of an addon's config_schema (an object of properties), one field per top-level property, in the schema's order. */
export function fieldsOfSchema(schema: SchemaNode): ConfigField[] {
  const required = requiredOf(schema);
  return propertiesOf(schema).map(([key, node]) => fieldOf(key, node, required.includes(key)));
}
