import { useMemo, useState } from "preact/hooks";
import { createMapping, deleteMapping, updateMapping } from "../../api/endpoints.ts";
import type { MappingRow } from "../../api/types.ts";
import { useApp } from "../../app/context.ts";
import { PriorityBadge, SeverityChip } from "../../components/Chips.tsx";
import { ErrorBox } from "../../components/ErrorBox.tsx";
import { formatTimestamp, timeAgo } from "../../lib/format.ts";
import { useNow } from "../../lib/hooks.ts";
import { MappingEditRow } from "./MappingEditRow.tsx";
import { displayValue, emptyForm, formToBody, rowMatches, rowToForm, type FormValues, type TableSpec } from "./specs.ts";

interface Props {
  spec: TableSpec;
  rows: MappingRow[];
  editable: boolean;
  onRowsChanged: (rows: MappingRow[]) => void;
}

/** `editing`: a row id, "new" for the add form, or null. */
type Editing = { id: number | "new"; form: FormValues; errors: Record<string, string> } | null;

export function MappingTable({ spec, rows, editable, onRowsChanged }: Props) {
  const { client } = useApp();
  const now = useNow(60_000);
  const [filter, setFilter] = useState("");
  const [editing, setEditing] = useState<Editing>(null);
  const [confirmDelete, setConfirmDelete] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const shown = useMemo(() => rows.filter((row) => rowMatches(spec, row, filter)), [rows, spec, filter]);

  const startEdit = (id: number | "new", form: FormValues) => {
    setError(null);
    setConfirmDelete(null);
    setEditing({ id, form, errors: {} });
  };

  const save = async () => {
    if (!editing) return;
    const result = formToBody(spec, editing.form);
    if (!result.ok) {
      setEditing({ ...editing, errors: result.errors });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (editing.id === "new") {
        const row = await createMapping(client, spec.kind, result.body);
        onRowsChanged([row, ...rows]);
      } else {
        const id = editing.id;
        const row = await updateMapping(client, spec.kind, id, result.body);
        onRowsChanged(rows.map((existing) => (existing.id === id ? row : existing)));
      }
      setEditing(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: number) => {
    setBusy(true);
    setError(null);
    try {
      await deleteMapping(client, spec.kind, id);
      onRowsChanged(rows.filter((row) => row.id !== id));
      setConfirmDelete(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const editRow = (id: number | "new") => editing && editing.id === id && (
    <MappingEditRow key={`edit-${id}`} spec={spec} form={editing.form} errors={editing.errors} busy={busy}
      onChange={(form) => setEditing({ ...editing, form })} onSave={save} onCancel={() => setEditing(null)} />
  );

  return (
    <div class="mapping-table">
      <div class="table-tools">
        <input type="search" placeholder={`Filter ${spec.label.toLowerCase()} rows…`} aria-label="Filter rows" value={filter}
          onInput={(e) => setFilter(e.currentTarget.value)} />
        <span class="muted small">{shown.length} of {rows.length}</span>
        <span class="spacer" />
        {editable && (
          <button type="button" class="btn small primary" disabled={editing?.id === "new"} onClick={() => startEdit("new", emptyForm(spec))}>
            Add row
          </button>
        )}
      </div>
      {error !== null && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      <div class="table-wrap">
        <table class="grid" data-mapping-table={spec.kind}>
          <thead>
            <tr>
              {spec.columns.map((column) => <th key={column.key} title={column.title}>{column.label}</th>)}
              <th class="c-origin" title="seed: shipped by an addon; admin: edited here (kept across upgrades)">Origin</th>
              <th class="c-time">Updated</th>
              {editable && <th class="c-actions"><span class="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {editRow("new")}
            {shown.map((row) => editing?.id === row.id ? editRow(row.id) : (
              <tr key={row.id} data-row-id={row.id}>
                {spec.columns.map((column) => (
                  <td key={column.key} class={column.kind.type === "text" && column.kind.mono ? "mono" : undefined}>
                    {column.key === "severity" ? <SeverityChip severity={String(row.severity)} />
                      : column.key === "priority" ? <PriorityBadge priority={String(row.priority)} />
                      : displayValue(column, row[column.key])}
                  </td>
                ))}
                <td class="c-origin"><span class={`badge origin-${row.origin ?? "seed"}`}>{row.origin ?? "—"}</span></td>
                <td class="c-time" title={formatTimestamp(row.updated_at)}>{timeAgo(row.updated_at, now)}</td>
                {editable && (
                  <td class="c-actions">
                    {confirmDelete === row.id ? (
                      <span class="confirm">
                        Delete?
                        <button type="button" class="btn small danger" disabled={busy} onClick={() => remove(row.id)}>Delete</button>
                        <button type="button" class="btn small ghost" onClick={() => setConfirmDelete(null)}>Keep</button>
                      </span>
                    ) : (
                      <>
                        <button type="button" class="btn small ghost" onClick={() => startEdit(row.id, rowToForm(spec, row))}>Edit</button>
                        <button type="button" class="btn small ghost" onClick={() => { setConfirmDelete(row.id); setError(null); }}>Delete</button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && !editing && <div class="empty">No rows yet.{editable ? " Use “Add row” to create one." : ""}</div>}
      </div>
    </div>
  );
}
