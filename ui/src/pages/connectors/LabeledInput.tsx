import { ClearSecretToggle } from "./ClearSecretToggle.tsx";
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
  /** A stored secret the schema does not require: whether it is marked for removal, and how to (un)mark it. */
  clearable?: { cleared: boolean; onToggle: () => void };
  onValue: (value: InputValue) => void;
}

function hintOf(field: InputField, secretStored: boolean, cleared: boolean): string | undefined {
  const parts = [field.description];
  if (field.widget === "poll-interval") parts.push("In seconds.");
  if (secretStored) parts.push(cleared ? "A value is stored." : "A value is stored; leave empty to keep it.");
  return parts.filter(Boolean).join(" ") || undefined;
}

/** A config input with its label, hint and problem (and, for a stored optional secret, its Clear toggle). */
export function LabeledInput({ field, pointer, value, error, secretStored, clearable, onValue }: Props) {
  const id = controlId(pointer);
  const cleared = clearable?.cleared === true;
  const hint = hintOf(field, secretStored, cleared);
  const required = field.required && !secretStored && field.type !== "boolean";
  const statusId = `${id}-clear-status`;
  const described = [describedBy(id, hint, error), cleared && statusId].filter(Boolean).join(" ") || undefined;
  const input = (
    <InputControl field={field} id={id} value={value} onValue={onValue} invalid={error !== undefined} required={required}
      describedBy={described} placeholder={cleared ? "will be removed" : secretStored ? "unchanged" : undefined} />
  );
  return (
    <FormField pointer={pointer} id={id} title={field.title} required={required} hint={hint} error={error} inline={field.type === "boolean"}>
      {clearable ? (
        <div class="secret-control">
          {input}
          <ClearSecretToggle title={field.title} cleared={cleared} statusId={statusId} onToggle={clearable.onToggle} />
        </div>
      ) : input}
    </FormField>
  );
}
