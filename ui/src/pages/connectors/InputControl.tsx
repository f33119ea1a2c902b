import type { InputValue } from "./field-values.ts";
import type { InputField } from "./schema-fields.ts";

interface Props {
  field: InputField;
  value: InputValue;
  onValue: (value: InputValue) => void;
  id?: string;
  /** The accessible name when no <label for> names the control (a cell of a rows table). */
  label?: string;
  invalid: boolean;
  required: boolean;
  describedBy?: string;
  placeholder?: string;
}

/** The control of one config input, chosen by its type: checkbox, select, number, password or text. */
export function InputControl({ field, value, onValue, id, label, invalid, required, describedBy, placeholder }: Props) {
  const common = {
    id, name: field.key, "aria-label": label, "aria-invalid": invalid, "aria-required": required, "aria-describedby": describedBy,
  };
  const text = typeof value === "string" ? value : "";
  const onText = (event: Event) => onValue((event.currentTarget as HTMLInputElement).value);
  switch (field.type) {
    case "boolean":
      return <input type="checkbox" {...common} checked={value === true} onChange={(e) => onValue(e.currentTarget.checked)} />;
    case "enum":
      return (
        <select {...common} value={text} onChange={onText}>
          {/* Without a value to start from, the operator must choose (or, when optional, may leave it). */}
          {(!required || text === "") && <option value="">{required ? "Choose…" : "—"}</option>}
          {field.options.map((option) => <option key={String(option)} value={String(option)}>{String(option)}</option>)}
        </select>
      );
    case "integer":
    case "number":
      return <input type="number" inputMode={field.type === "integer" ? "numeric" : "decimal"} step={field.type === "integer" ? 1 : "any"}
        min={field.minimum} max={field.maximum} {...common} placeholder={placeholder} value={text} onInput={onText} />;
    case "list":
      return <input type="text" {...common} placeholder={placeholder ?? "comma-separated"} value={text} onInput={onText} />;
    default:
      return field.sensitive
        ? <input type="password" autoComplete="new-password" {...common} placeholder={placeholder} value={text} onInput={onText} />
        : <input type="text" autoComplete="off" spellcheck={false} {...common} placeholder={placeholder} value={text} onInput={onText} />;
  }
}
