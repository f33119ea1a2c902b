import { CATEGORIES, SEVERITIES } from "../../../../sdk/src/alerts/model.ts";
import { DebouncedInput } from "../../components/DebouncedInput.tsx";
import { DEFAULT_FILTERS, isFiltered, type AlertFilters, type AlertStatus } from "./filters.ts";

const STATUS_VIEWS: { label: string; status: AlertStatus[]; title: string }[] = [
  { label: "Active", status: ["open", "acknowledged"], title: "Open and acknowledged" },
  { label: "Open", status: ["open"], title: "Not yet acknowledged" },
  { label: "Acknowledged", status: ["acknowledged"], title: "Someone is on it" },
  { label: "Resolved", status: ["resolved"], title: "Cleared, gone or resolved by hand" },
  { label: "All", status: [], title: "Every status" },
];

function sameStatus(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

function toList(text: string): string[] {
  return [...new Set(text.split(",").map((part) => part.trim()).filter((part) => part !== ""))];
}

interface Props {
  filters: AlertFilters;
  onChange: (filters: AlertFilters) => void;
}

export function AlertFiltersBar({ filters, onChange }: Props) {
  const toggleSeverity = (severity: string) => {
    const on = filters.severity.includes(severity);
    onChange({ ...filters, severity: on ? filters.severity.filter((s) => s !== severity) : [...filters.severity, severity] });
  };
  return (
    <div class="filters" role="search" aria-label="Alert filters">
      <div class="segmented" role="group" aria-label="Status">
        {STATUS_VIEWS.map((view) => (
          <button key={view.label} type="button" title={view.title}
            aria-pressed={sameStatus(filters.status, view.status)}
            onClick={() => onChange({ ...filters, status: view.status })}>{view.label}</button>
        ))}
      </div>
      <div class="sev-toggles" role="group" aria-label="Severity">
        {SEVERITIES.map((severity) => (
          <button key={severity} type="button" class={`chip sev-toggle sev-${severity}`} aria-pressed={filters.severity.includes(severity)}
            data-severity={severity} onClick={() => toggleSeverity(severity)}>{severity}</button>
        ))}
      </div>
      <select aria-label="Category" value={filters.category[0] ?? ""}
        onChange={(e) => onChange({ ...filters, category: e.currentTarget.value ? [e.currentTarget.value] : [] })}>
        <option value="">All categories</option>
        {CATEGORIES.map((category) => <option key={category} value={category}>{category}</option>)}
      </select>
      <DebouncedInput label="Connector type" type="text" class="w-connector" placeholder="Connector type"
        value={filters.connector_type.join(", ")} onCommit={(text) => onChange({ ...filters, connector_type: toList(text) })} />
      <DebouncedInput label="Device" type="text" class="w-device" placeholder="Device name or IP"
        value={filters.device} onCommit={(device) => onChange({ ...filters, device })} />
      <DebouncedInput label="Search alerts" class="w-text" placeholder="Search title, message, type…"
        value={filters.text} onCommit={(text) => onChange({ ...filters, text })} />
      {isFiltered(filters) && (
        <button type="button" class="btn small ghost" onClick={() => onChange(DEFAULT_FILTERS)}>Clear filters</button>
      )}
    </div>
  );
}
