import type { InputValue } from "./field-values.ts";
import { controlId, describedBy, FormField } from "./FormField.tsx";
import { InputControl } from "./InputControl.tsx";
import type { InputField } from "./schema-fields.ts";

interface Props {
  field: InputField;
  pointer: string;
  value: InputValue;
  error: string | undefined;
  /** The host holds a value for this secret: left empty, it is kept. */
  secretStored: boolean;
  onValue: (value: InputValue) => void;
}

function hintOf(field: InputField, secretStored: boolean): string | undefined {
  const parts = [field.description];
  if (field.widget === "poll-interval") parts.push("In seconds.");
  if (secretStored) parts.push("A value is stored; leave empty to keep it.");
  return parts.filter(Boolean).join(" ") || undefined;
}

/** A config input with its label, hint and problem. */
export function LabeledInput({ field, pointer, value, error, secretStored, onValue }: Props) {
  const id = controlId(pointer);
  const hint = hintOf(field, secretStored);
  const required = field.required && !secretStored && field.type !== "boolean";
  return (
    <FormField pointer={pointer} id={id} title={field.title} required={required} hint={hint} error={error} inline={field.type === "boolean"}>
      <InputControl field={field} id={id} value={value} onValue={onValue} invalid={error !== undefined} required={required}
        describedBy={describedBy(id, hint, error)} placeholder={secretStored ? "unchanged" : undefined} />
    </FormField>
  );
}
