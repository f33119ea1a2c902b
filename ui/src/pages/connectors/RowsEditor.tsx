import { emptyRow, pointerOf, type FieldErrors, type InputRow } from "./config-form.ts";
import { controlId } from "./FormField.tsx";
import { InputControl } from "./InputControl.tsx";
import type { RowsField } from "./schema-fields.ts";

interface Props {
  field: RowsField;
  rows: InputRow[];
  errors: FieldErrors;
  onRows: (rows: InputRow[]) => void;
}

/** An editable list of rows (the `targets` widget: one row per device or server), a column per item property. */
export function RowsEditor({ field, rows, errors, onRows }: Props) {
  const noun = field.widget === "targets" ? "target" : "row";
  const listPointer = pointerOf(field.key);
  const listError = errors[listPointer];
  const full = field.maxItems !== undefined && rows.length >= field.maxItems;
  const setCell = (index: number, key: string, value: string | boolean) =>
    onRows(rows.map((row, at) => (at === index ? { ...row, [key]: value } : row)));
  return (
    <fieldset class="rows-field" data-field={listPointer} aria-describedby={listError ? `${controlId(listPointer)}-error` : undefined}>
      <legend>{field.title}{field.required && <span class="required-mark" aria-hidden="true"> *</span>}</legend>
      {field.description && <p class="field-hint">{field.description}</p>}
      <div class="rows-scroll">
        <table class="grid rows-table">
          <thead>
            <tr>
              {field.columns.map((column) => (
                <th key={column.key} title={column.description}>
                  {column.title}{column.required && <span class="required-mark" aria-hidden="true"> *</span>}
                </th>
              ))}
              <th class="c-actions"><span class="sr-only">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {field.columns.map((column) => {
                  const pointer = pointerOf(field.key, index, column.key);
                  const error = errors[pointer];
                  return (
                    <td key={column.key} data-field={pointer}>
                      <InputControl field={column} value={row[column.key] ?? ""} onValue={(value) => setCell(index, column.key, value)}
                        label={`${column.title} of ${noun} ${index + 1}`} invalid={error !== undefined} required={column.required}
                        describedBy={error ? `${controlId(pointer)}-error` : undefined} />
                      {error && <div class="field-error" id={`${controlId(pointer)}-error`}>{error}</div>}
                    </td>
                  );
                })}
                <td class="c-actions">
                  <button type="button" class="btn small ghost" aria-label={`Remove ${noun} ${index + 1}`}
                    onClick={() => onRows(rows.filter((_, at) => at !== index))}>×</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {listError && <div class="field-error" id={`${controlId(listPointer)}-error`}>{listError}</div>}
      <button type="button" class="btn small" disabled={full} onClick={() => onRows([...rows, emptyRow(field.columns)])}>Add {noun}</button>
    </fieldset>
  );
}
