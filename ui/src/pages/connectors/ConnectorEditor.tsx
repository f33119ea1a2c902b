import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { createConnector, updateConnector, type AddonListing, type ConnectorRecord, type CreatedConnector } from "../../api/connectors.ts";
import { ApiError } from "../../api/errors.ts";
import { useApp } from "../../app/context.ts";
import { Drawer } from "../../components/Drawer.tsx";
import { ErrorBox } from "../../components/ErrorBox.tsx";
import { ConfigForm } from "./ConfigForm.tsx";
import { initialValues, type FieldErrors, type FormValues } from "./config-form.ts";
import { ADDON_KEY, createBody, NAME_KEY, updateBody } from "./connector-body.ts";
import { FormField } from "./FormField.tsx";
import { fieldsOfSchema } from "./schema-fields.ts";
import { fieldErrorsFromMessage, fieldErrorsOf } from "./server-errors.ts";
import { useConfigSchema } from "./useConfigSchema.ts";

const CONFIG_INVALID = "CONNECTOR_CONFIG_INVALID";

interface Props {
  /** The connector to edit; none: a new one. */
  connector: ConnectorRecord | null;
  /** The addons a new connector can be made for (active ones). */
  addons: readonly AddonListing[];
  onSaved: (saved: CreatedConnector) => void;
  onClose: () => void;
}

/** A config that no longer fits its addon (after an upgrade) opens with the fields the host named. */
function initialErrors(connector: ConnectorRecord | null): FieldErrors {
  return connector?.status_code === CONFIG_INVALID && connector.status_message ? fieldErrorsFromMessage(connector.status_message) : {};
}

/** Creates or edits a connector in a side panel: the addon, a name, and the form of the addon's config_schema. */
export function ConnectorEditor({ connector, addons, onSaved, onClose }: Props) {
  const { client } = useApp();
  const [addonId, setAddonId] = useState(connector?.addon_id ?? "");
  const [name, setName] = useState(connector?.name ?? "");
  const [enabled, setEnabled] = useState(true);
  const [values, setValues] = useState<FormValues | null>(null);
  const [clearedSecrets, setClearedSecrets] = useState<readonly string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>(() => initialErrors(connector));
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const schemaState = useConfigSchema(addonId);
  const schema = schemaState.state === "loaded" ? schemaState.schema : null;
  const fields = useMemo(() => (schema ? fieldsOfSchema(schema.config_schema) : null), [schema]);
  const storedSecrets = connector?.sensitive_fields_set ?? [];

  // A (newly) chosen addon starts from its defaults; an edit from the stored config.
  useEffect(() => setValues(fields ? initialValues(fields, connector?.config) : null), [fields]);

  const markCleared = (key: string, cleared: boolean) =>
    setClearedSecrets((keys) => (cleared ? [...keys.filter((other) => other !== key), key] : keys.filter((other) => other !== key)));

  const showProblems = (problems: FieldErrors) => {
    setErrors(problems);
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const send = async (request: () => Promise<CreatedConnector>) => {
    setSaving(true);
    setError(null);
    setErrors({});
    try {
      onSaved(await request());
    } catch (caught) {
      setError(caught);
      if (caught instanceof ApiError && caught.code === CONFIG_INVALID) showProblems(fieldErrorsOf(caught));
    } finally {
      setSaving(false);
    }
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (!fields || !values || !schema) return;
    const editorForm = { addonId, name, enabled, values };
    const checks = { fields, pollIntervalField: schema.poll_interval_field };
    if (connector) {
      const result = updateBody(editorForm, checks, { stored: storedSecrets, cleared: clearedSecrets });
      if (result.ok) await send(() => updateConnector(client, connector.id, result.body));
      else showProblems(result.errors);
    } else {
      const result = createBody(editorForm, checks);
      if (result.ok) await send(() => createConnector(client, result.body));
      else showProblems(result.errors);
    }
  };

  const markedCount = Object.keys(errors).filter((key) => key !== "/").length;
  // "/" is the config as a whole (a rule across fields, e.g. if/then): said only when no field tells more.
  const wholeConfigProblem = markedCount === 0 ? errors["/"] : undefined;
  return (
    <Drawer title={connector ? `Edit ${connector.name}` : "New connector"} label={connector ? "Edit connector" : "New connector"} onClose={onClose}>
      <form ref={form} class="connector-editor" noValidate onSubmit={save}>
        {connector ? (
          <p class="muted small">Addon <span class="mono">{connector.addon_id}</span> · id <span class="mono">{connector.id}</span></p>
        ) : (
          <FormField pointer={ADDON_KEY} id="connector-addon" title="Addon" required error={errors[ADDON_KEY]}>
            <select id="connector-addon" aria-invalid={ADDON_KEY in errors} value={addonId} onChange={(e) => { setAddonId(e.currentTarget.value); setErrors({}); }}>
              <option value="">Choose an addon…</option>
              {addons.map((addon) => <option key={addon.id} value={addon.id}>{addon.name} ({addon.id})</option>)}
            </select>
          </FormField>
        )}
        <FormField pointer={NAME_KEY} id="connector-name" title="Name" required error={errors[NAME_KEY]}>
          <input id="connector-name" type="text" autoComplete="off" maxLength={200} aria-invalid={NAME_KEY in errors} value={name}
            onInput={(e) => setName(e.currentTarget.value)} />
        </FormField>
        {!connector && (
          <FormField pointer="enabled" id="connector-enabled" title="Enabled (starts polling at once)" required={false} inline>
            <input id="connector-enabled" type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          </FormField>
        )}
        {schemaState.state === "loading" && <p class="muted" aria-busy="true">Loading the addon's settings…</p>}
        {schemaState.state === "failed" && <ErrorBox error={schemaState.error} compact />}
        {fields && values && (
          <ConfigForm fields={fields} values={values} errors={errors} storedSecrets={storedSecrets} clearedSecrets={clearedSecrets}
            onChange={setValues} onSecretCleared={markCleared} />
        )}
        {(markedCount > 0 || wholeConfigProblem) && (
          <p class="form-summary" role="alert">
            {wholeConfigProblem && `The configuration ${wholeConfigProblem}. `}
            {markedCount > 0 && `Check the marked ${markedCount === 1 ? "field" : "fields"}.`}
          </p>
        )}
        {error !== null && <ErrorBox error={error} compact onDismiss={() => setError(null)} />}
        <div class="form-actions">
          <button type="submit" class="btn primary" disabled={saving || !fields || !values}>
            {saving ? "Saving…" : connector ? "Save changes" : "Create connector"}
          </button>
          <button type="button" class="btn ghost" disabled={saving} onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Drawer>
  );
}
