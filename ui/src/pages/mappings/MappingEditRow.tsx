import type { Column, FormValues, TableSpec } from "./specs.ts";

interface Props {
  spec: TableSpec;
  form: FormValues;
  errors: Record<string, string>;
  busy: boolean;
  onChange: (form: FormValues) => void;
  onSave: () => void;
  onCancel: () => void;
}

function Field({ column, value, onValue, invalid }: { column: Column; value: string | boolean; onValue: (v: string | boolean) => void; invalid: boolean }) {
  const kind = column.kind;
  const common = { "aria-label": column.label, "aria-invalid": invalid, name: column.key };
  switch (kind.type) {
    case "bool":
      return <input type="checkbox" {...common} checked={value === true} onChange={(e) => onValue(e.currentTarget.checked)} />;
    case "tristate":
      return (
        <select {...common} value={String(value)} onChange={(e) => onValue(e.currentTarget.value)}>
          <option value="">{kind.nullLabel}</option>
          <option value="true">yes</option>
          <option value="false">no</option>
        </select>
      );
    case "select":
      return (
        <select {...common} value={String(value)} onChange={(e) => onValue(e.currentTarget.value)}>
          {kind.nullable && <option value="">{kind.nullLabel ?? "—"}</option>}
          {kind.options.map((option) => <option key={option} value={option}>{option}</option>)}
        </select>
      );
    case "int":
      return <input type="number" inputMode="numeric" min={kind.min} max={kind.max} step={1} {...common} value={String(value)}
        onInput={(e) => onValue(e.currentTarget.value)} />;
    default:
      return <input type="text" {...common} class={kind.type === "text" && kind.mono ? "mono" : undefined}
        placeholder={"placeholder" in kind ? kind.placeholder : undefined} value={String(value)} onInput={(e) => onValue(e.currentTarget.value)} />;
  }
}

/** A row of inputs, for adding or editing; Enter saves, Escape cancels. */
export function MappingEditRow({ spec, form, errors, busy, onChange, onSave, onCancel }: Props) {
  return (
    <tr class="edit-row"
      onKeyDown={(e) => {
        if (e.key === "Enter" && (e.target as HTMLElement).tagName === "INPUT") {
          e.preventDefault();
          onSave();
        } else if (e.key === "Escape") {
          onCancel();
        }
      }}>
      {spec.columns.map((column) => (
        <td key={column.key}>
          <Field column={column} value={form[column.key] ?? ""} invalid={column.key in errors}
            onValue={(value) => onChange({ ...form, [column.key]: value })} />
          {errors[column.key] && <div class="field-error">{errors[column.key]}</div>}
        </td>
      ))}
      <td class="c-origin"><span class="badge origin-admin">admin</span></td>
      <td class="c-time" />
      <td class="c-actions">
        <button type="button" class="btn small primary" disabled={busy} onClick={onSave}>{busy ? "Saving…" : "Save"}</button>
        <button type="button" class="btn small ghost" disabled={busy} onClick={onCancel}>Cancel</button>
      </td>
    </tr>
  );
}
