import { isClearableSecret, pointerOf, type FieldErrors, type FormValues, type InputRow } from "./config-form.ts";
import type { InputValue } from "./field-values.ts";
import { controlId, describedBy, FormField } from "./FormField.tsx";
import { LabeledInput } from "./LabeledInput.tsx";
import { RowsEditor } from "./RowsEditor.tsx";
import type { ConfigField, GroupField, JsonField } from "./schema-fields.ts";

interface Props {
  fields: readonly ConfigField[];
  values: FormValues;
  errors: FieldErrors;
  /** Sensitive fields the host holds a value for (edit); empty on create. */
  storedSecrets: readonly string[];
  /** Stored secrets marked for removal on save. */
  clearedSecrets: readonly string[];
  onChange: (values: FormValues) => void;
  onSecretCleared: (key: string, cleared: boolean) => void;
}

function GroupFieldset({ field, row, errors, onRow }: { field: GroupField; row: InputRow; errors: FieldErrors; onRow: (row: InputRow) => void }) {
  return (
    <fieldset class="group-field" data-field={pointerOf(field.key)}>
      <legend>{field.title}</legend>
      {field.description && <p class="field-hint">{field.description}</p>}
      {field.fields.map((input) => {
        const pointer = pointerOf(field.key, input.key);
        return <LabeledInput key={input.key} field={input} pointer={pointer} value={row[input.key] ?? ""} error={errors[pointer]}
          secretStored={false} onValue={(value) => onRow({ ...row, [input.key]: value })} />;
      })}
    </fieldset>
  );
}

function JsonInput({ field, text, error, onText }: { field: JsonField; text: string; error: string | undefined; onText: (text: string) => void }) {
  const pointer = pointerOf(field.key);
  const id = controlId(pointer);
  const hint = [field.description, "JSON."].filter(Boolean).join(" ");
  return (
    <FormField pointer={pointer} id={id} title={field.title} required={field.required} hint={hint} error={error}>
      <textarea id={id} class="mono" rows={4} spellcheck={false} aria-invalid={error !== undefined} aria-describedby={describedBy(id, hint, error)}
        value={text} onInput={(e) => onText(e.currentTarget.value)} />
    </FormField>
  );
}

/** The form generated from an addon's config_schema: one field per property, problems shown next to their field. */
export function ConfigForm({ fields, values, errors, storedSecrets, clearedSecrets, onChange, onSecretCleared }: Props) {
  const set = (key: string, value: InputValue | InputRow[] | InputRow) => onChange({ ...values, [key]: value });
  return (
    <div class="config-form">
      {fields.map((field) => {
        const value = values[field.key];
        switch (field.kind) {
          case "input": {
            const cleared = clearedSecrets.includes(field.key);
            // Marking empties the input; typing a new value instead takes the mark back (the value replaces the secret).
            const clearable = isClearableSecret(field, storedSecrets) ? {
              cleared,
              onToggle: () => {
                if (!cleared) set(field.key, "");
                onSecretCleared(field.key, !cleared);
              },
            } : undefined;
            const onValue = (next: InputValue) => {
              if (cleared && next !== "") onSecretCleared(field.key, false);
              set(field.key, next);
            };
            return <LabeledInput key={field.key} field={field} pointer={pointerOf(field.key)} value={typeof value === "object" ? "" : value ?? ""}
              error={errors[pointerOf(field.key)]} secretStored={field.sensitive && storedSecrets.includes(field.key)} clearable={clearable} onValue={onValue} />;
          }
          case "rows":
            return <RowsEditor key={field.key} field={field} rows={Array.isArray(value) ? value : []} errors={errors} onRows={(rows) => set(field.key, rows)} />;
          case "group":
            return <GroupFieldset key={field.key} field={field} row={typeof value === "object" && !Array.isArray(value) ? value : {}} errors={errors}
              onRow={(row) => set(field.key, row)} />;
          case "json":
            return <JsonInput key={field.key} field={field} text={typeof value === "string" ? value : ""} error={errors[pointerOf(field.key)]}
              onText={(text) => set(field.key, text)} />;
        }
      })}
    </div>
  );
}
