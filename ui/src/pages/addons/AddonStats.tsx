import type { AddonRuntimeStats } from "../../api/addons.ts";
import { statsFacts } from "./format.ts";

/** The loaded version's runtime counters, and its last error. */
export function AddonStats({ stats, name }: { stats: AddonRuntimeStats; name: string }) {
  return (
    <>
      <dl class="addon-stats" aria-label={`Runtime stats of ${name}`}>
        {statsFacts(stats).map(({ label, value }) => (
          <div key={label}><dt>{label}</dt><dd>{value}</dd></div>
        ))}
      </dl>
      {stats.lastError && (
        <div class="addon-last-error small" title={stats.lastError.at}>
          last error: <code>{stats.lastError.code}</code> {stats.lastError.message}
        </div>
      )}
    </>
  );
}
