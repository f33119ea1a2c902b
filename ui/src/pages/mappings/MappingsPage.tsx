import { useCallback, useEffect, useState } from "preact/hooks";
import { isAbort } from "../../api/errors.ts";
import { listMappings } from "../../api/endpoints.ts";
import type { MappingRow } from "../../api/types.ts";
import { useApp } from "../../app/context.ts";
import { buildHash } from "../../app/route.ts";
import { ErrorBox } from "../../components/ErrorBox.tsx";
import { canAdmin } from "../../lib/roles.ts";
import { MappingTable } from "./MappingTable.tsx";
import { specOf, TABLE_SPECS } from "./specs.ts";

/** The five mapping tables as tabs (`#/mappings/<kind>`); admins edit inline, everyone else reads. */
export function MappingsPage() {
  const { client, user, route } = useApp();
  const spec = specOf(route.sub);
  const [rows, setRows] = useState<MappingRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    setRows(null);
    listMappings(client, spec.kind, controller.signal).then(setRows, (caught: unknown) => {
      if (!isAbort(caught)) setError(caught);
    });
    return () => controller.abort();
  }, [client, spec.kind, generation]);

  const editable = canAdmin(user);
  return (
    <section class="mappings-page">
      <div class="page-head">
        <h1>Mappings</h1>
        {!editable && <span class="badge readonly" title="Only admins can edit mappings">read-only</span>}
      </div>
      <nav class="tabs" role="tablist" aria-label="Mapping tables">
        {TABLE_SPECS.map((tab) => (
          <a key={tab.kind} role="tab" href={buildHash("mappings", tab.kind)} aria-selected={tab.kind === spec.kind}
            class={tab.kind === spec.kind ? "active" : undefined}>{tab.label}</a>
        ))}
      </nav>
      <p class="muted tab-description">{spec.description}</p>
      {error !== null && <ErrorBox error={error} onRetry={reload} />}
      {rows === null && error === null && <p class="muted">Loading…</p>}
      {rows !== null && (
        <MappingTable key={spec.kind} spec={spec} rows={rows} editable={editable} onRowsChanged={setRows} />
      )}
    </section>
  );
}
