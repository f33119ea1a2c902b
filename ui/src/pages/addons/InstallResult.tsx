import type { InstallOutcome } from "../../api/addons.ts";
import { installSummary } from "./format.ts";

/** The answer of an install: what it replaced, and every warning (connectors that did not start on it, an unsigned package). */
export function InstallResult({ outcome }: { outcome: InstallOutcome }) {
  return (
    <div class="addon-install-result" role="status" data-replaced={outcome.replaced ?? ""}>
      <p class="addon-install-summary">{installSummary(outcome)}</p>
      {outcome.warnings.length > 0 && (
        <ul class="addon-warning-list" aria-label="Install warnings">
          {outcome.warnings.map((warning) => <li key={warning}>{warning}</li>)}
        </ul>
      )}
    </div>
  );
}
