import { useRef, useState } from "preact/hooks";
import { installAddon, type InstallOutcome } from "../../api/addons.ts";
import { ApiError } from "../../api/errors.ts";
import { useApp } from "../../app/context.ts";
import { ErrorBox } from "../../components/ErrorBox.tsx";
import { FORCE_LABEL, formatBytes, installHint } from "./format.ts";
import { InstallResult } from "./InstallResult.tsx";

/** Install or upgrade from a .zip (admin): the package goes up as the request body, the answer is shown as it came. */
export function InstallPanel({ onInstalled }: { onInstalled: () => void }) {
  const { client } = useApp();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [force, setForce] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [outcome, setOutcome] = useState<InstallOutcome | null>(null);
  const [error, setError] = useState<unknown>(null);

  const install = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setUploading(true);
    setOutcome(null);
    setError(null);
    try {
      setOutcome(await installAddon(client, file, force));
      // A forced downgrade is a one-off: the next package must ask again.
      setForce(false);
      setFile(null);
      if (fileInput.current) fileInput.current.value = "";
    } catch (caught) {
      setError(caught);
    } finally {
      setUploading(false);
      onInstalled();
    }
  };

  const hint = error instanceof ApiError ? installHint(error.code) : undefined;
  return (
    <section class="panel addon-install-panel" aria-labelledby="addon-install-title">
      <div class="panel-head"><h2 id="addon-install-title">Install or upgrade</h2>
        <span class="muted small">A signed addon package (.zip); a newer version of an installed addon upgrades it without a restart.</span>
      </div>
      <form class="addon-install-form" onSubmit={install}>
        <input type="file" ref={fileInput} accept=".zip,application/zip" aria-label="Addon package (.zip)" disabled={uploading}
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        <label class="addon-install-force">
          <input type="checkbox" checked={force} disabled={uploading} onChange={(e) => setForce(e.currentTarget.checked)} />
          {FORCE_LABEL}
        </label>
        <button type="submit" class="btn primary" disabled={!file || uploading}>{uploading ? "Installing…" : "Install"}</button>
      </form>
      {uploading && file && (
        <p class="addon-install-progress" role="status">
          <progress aria-label="Uploading the package" />
          Uploading {file.name} ({formatBytes(file.size)}), then verifying its signature and loading it…
        </p>
      )}
      {error !== null && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {hint && <p class="muted small addon-install-hint">{hint}</p>}
      {outcome && <InstallResult outcome={outcome} />}
    </section>
  );
}
